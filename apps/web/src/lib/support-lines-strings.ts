import { registerStrings } from './i18n';

/** Lines of support and quality-of-support levels, as the agent area names them. */
registerStrings({
  en: {
    lines: {
      ordinal: { 1: '1st line', 2: '2nd line', 3: '3rd line' },
      groupWithLine: '{{name}} ({{line}})',
      level: { base: 'Base', medium: 'Medium', advanced: 'Advanced' },
    },
  },
  de: {
    lines: {
      ordinal: { 1: '1. Supportebene', 2: '2. Supportebene', 3: '3. Supportebene' },
      groupWithLine: '{{name}} ({{line}})',
      level: { base: 'Basis', medium: 'Mittel', advanced: 'Erweitert' },
    },
  },
});
