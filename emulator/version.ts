// An OceanBase release number and the behaviour gates that depend on it (reference §1, §2).

export class Version {
  readonly parts: number[];

  constructor(readonly text: string) {
    if (!/^\d+\.\d+\.\d+(\.\d+)?$/.test(text)) throw new Error(`version must look like 4.2.1.0, got ${JSON.stringify(text)}`);
    this.parts = text.split(".").map(Number);
    while (this.parts.length < 4) this.parts.push(0);
    if (this.parts[0] !== 4) throw new Error(`only OceanBase 4.x is emulated, got ${text}`);
  }

  atLeast(...want: number[]): boolean {
    for (let i = 0; i < want.length; i++) {
      if (this.parts[i] !== want[i]) return this.parts[i] > want[i];
    }
    return true;
  }

  /** PLUS ARCHIVELOG is refused by RootService before 4.2.0 (§1.6). */
  get supportsPlusArchivelog(): boolean {
    return this.atLeast(4, 2, 0);
  }

  /** ALTER /*+ hint *\/ SYSTEM parses on the 4.2.x (2024) and 4.3 branches only (§1.1). */
  get acceptsHintForm(): boolean {
    return this.atLeast(4, 2, 2);
  }

  /** Oracle-mode error messages start OBE- instead of ORA- from 4.3.5 (§2.10); 4.2.5 still says ORA-. */
  get oraclePrefix(): "ORA" | "OBE" {
    return this.atLeast(4, 3, 5) ? "OBE" : "ORA";
  }

  /** BACKUP_META_FINISH task state exists from 4.2.1 (§2.2). */
  get hasMetaFinishState(): boolean {
    return this.atLeast(4, 2, 1);
  }

  /** CANCEL RESTORE is in the grammar from 4.2.0 (restore research §1.5, §5.2 #23). */
  get supportsCancelRestore(): boolean {
    return this.atLeast(4, 2, 0);
  }

  /**
   * The restore views' column set (restore research §3.4): 4.2.3 and later 4.2.x add RECOVER_*, tablet counts
   * and RESTORE_PROGRESS (26 columns); 4.3.0/4.3.1 were cut before that change (20 columns). The newer shape
   * (RESTORE_TYPE, a bytes-based RESTORE_PROGRESS) is from an undated commit; the emulator assumes it from
   * 4.3.2 on (an open question of the research, §Open questions 2).
   */
  get restoreViewShape(): "base" | "tablets" | "newer" {
    if (this.atLeast(4, 3, 2)) return "newer";
    if (this.atLeast(4, 3, 0)) return "base";
    if (this.atLeast(4, 2, 3)) return "tablets";
    return "base";
  }

  /** CLUSTER_VERSION encoding (major << 32 | minor << 16 | major patch << 8 | minor patch), as history shows it. */
  get clusterVersionNumber(): number {
    const [a, b, c, d] = this.parts;
    return a * 2 ** 32 + b * 2 ** 16 + c * 2 ** 8 + d;
  }
}
