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
  // FROM is split on commas (restore research §1.1.2), so a comma would cut the URI in two
  "ob-restore-uri": {
    type: "string",
    validate: (s) => !s.includes(",") && !("error" in parseBackupUri(s)),
    reason: `must be a destination URI without commas (OceanBase splits a restore's FROM on them): ${URI_FORMS}`,
  },
  "ob-restore-point": {
    type: "string",
    validate: (s) => s === "latest" || /^[1-9][0-9]{0,19}$/.test(s) || (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(s) && !Number.isNaN(Date.parse(s.replace(" ", "T") + "Z"))),
    reason: "must be latest, a time YYYY-MM-DD HH:MM:SS[.ffffff] (read in the backup's time zone) or an SCN (digits), e.g. 2026-12-01 03:00:00",
  },
  "ob-unit-size": {
    type: "string",
    validate: (s) => /^[1-9][0-9]{0,9}[MGT]$/.test(s),
    reason: "must be a whole number of M, G or T, e.g. 5G",
  },
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
