import type { MethodResponse } from 'openapi-fetch';
import type { Bff } from '@/lib/api-client';

/** The signed-in person as the BFF describes them. */
export type User = MethodResponse<Bff, 'get', '/bff/session'>['user'];
