import type { components } from '@/lib/bff-schema.gen';

export type KbHome = components['schemas']['KbHome'];
export type KbCategory = components['schemas']['KbCategory'];
export type KbCategorySummary = components['schemas']['KbCategorySummary'];
export type KbAnswer = components['schemas']['KbAnswer'];
export type KbSearchResults = components['schemas']['KbSearchResults'];
