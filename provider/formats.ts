// The string formats schema.json names in language["x-validation"], and what a failure says. In the shape
// ajv's addFormat takes, because the precompiled validators (validators.generated.ts) call `validate` here.

import { parseBackupUri, URI_FORMS } from "./backup-uri";
import { parseObTimeString, PIECE_SWITCH_MAX_US, PIECE_SWITCH_MIN_US } from "./time-string";

export interface Format {
  type: "string";
  validate: (s: string) => boolean;
  reason: string;
}

export const FORMATS: Record<string, Format> = {
  "ob-backup-uri": { type: "string", validate: (s) => !("error" in parseBackupUri(s)), reason: `must be a destination URI: ${URI_FORMS}` },
  "ob-time-string": {
    type: "string",
    validate: (s) => parseObTimeString(s) !== null,
    reason: "must be a time in OceanBase's grammar: a whole number, then a unit us, ms, s, m, h or d (no unit means seconds), e.g. 7d or 36h; 0 keeps everything",
  },
  // OceanBase stores the interval as its display, whole days truncated (reference §1.4): 36h would silently be
  // 1d, so only whole days are accepted
  "ob-piece-switch-interval": {
    type: "string",
    validate: (s) => {
      const us = parseObTimeString(s);
      return us !== null && us >= PIECE_SWITCH_MIN_US && us <= PIECE_SWITCH_MAX_US && us % PIECE_SWITCH_MIN_US === 0;
    },
    reason: "must be a whole number of days from 1d to 7d in OceanBase's grammar (e.g. 1d, 48h, 7d): OceanBase keeps the interval in whole days, truncating (36h would be 1d)",
  },
};
