import type { MethodResponse } from 'openapi-fetch';
import type { Bff } from '../api-client';

export type TicketPage = MethodResponse<Bff, 'get', '/bff/tickets'>;
export type TicketSummary = TicketPage['items'][number];
export type TicketDetail = MethodResponse<Bff, 'get', '/bff/tickets/{id}'>;
export type Article = TicketDetail['articles'][number];
