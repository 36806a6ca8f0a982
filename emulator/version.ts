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
}
