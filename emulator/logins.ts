// Who may log in: user@tenant, user@tenant#cluster and cluster:tenant:user (OBProxy forms), plain user (sys)
// (reference §5.1), checked with mysql_native_password.

import { createHash } from "crypto";
import { ResolvedOptions } from "./options";

export interface LoginName {
  user: string;
  tenant: string;
  cluster: string | null;
}

export function parseLoginName(raw: string): LoginName {
  const colon = raw.split(":");
  if (colon.length === 3) return { cluster: colon[0], tenant: colon[1], user: colon[2] };
  const hash = raw.indexOf("#");
  const cluster = hash >= 0 ? raw.slice(hash + 1) : null;
  const rest = hash >= 0 ? raw.slice(0, hash) : raw;
  const at = rest.lastIndexOf("@");
  return at >= 0 ? { user: rest.slice(0, at), tenant: rest.slice(at + 1), cluster } : { user: rest, tenant: "sys", cluster };
}

export interface Account {
  tenant: string;
  user: string;
  password: string;
  alterSystem: boolean;
}

/** Every account the emulator knows: root@sys, each tenant's admin, and the configured extra users. */
export function accounts(o: ResolvedOptions): Account[] {
  const list: Account[] = [{ tenant: "sys", user: "root", password: o.sysPassword, alterSystem: true }];
  for (const t of o.tenants) {
    list.push({ tenant: t.name, user: t.mode === "ORACLE" ? "SYS" : "root", password: t.password, alterSystem: true });
  }
  for (const u of o.users) list.push({ tenant: u.tenant, user: u.user, password: u.password, alterSystem: u.alterSystem });
  return list;
}

/**
 * Oracle-mode user names are case-insensitive (stored upper case); MySQL-mode ones are not. Tenant names are
 * case-sensitive in every login form (§0.1).
 */
export function findAccount(all: Account[], tenant: string, user: string, oracle: boolean): Account | undefined {
  return all.find(
    (a) => a.tenant === tenant && (oracle ? a.user.toUpperCase() === user.toUpperCase() : a.user === user),
  );
}

const sha1 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash("sha1")).digest();

/** token = SHA1(pwd) XOR SHA1(scramble + SHA1(SHA1(pwd))); an empty password sends an empty token. */
export function verifyNativePassword(password: string, scramble: Buffer, token: Buffer): boolean {
  if (password === "") return token.length === 0;
  if (token.length !== 20) return false;
  const stage1 = sha1(Buffer.from(password, "utf8"));
  const stage2 = sha1(stage1);
  const mask = sha1(scramble, stage2);
  const candidate = Buffer.from(token.map((b, i) => b ^ mask[i]));
  return sha1(candidate).equals(stage2);
}
