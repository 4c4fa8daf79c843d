import type { MethodResponse } from 'openapi-fetch';
import type { Bff } from '@/lib/api-client';

/** The signed-in person as the BFF describes them (the session check answers `null` for nobody). */
export type User = NonNullable<MethodResponse<Bff, 'get', '/bff/session'>['user']>;
