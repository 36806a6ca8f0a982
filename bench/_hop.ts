import { BenchHost, emulatorConfig } from "./host";
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
async function main() {
  const b = await BenchHost.start({ config: emulatorConfig("127.0.0.1", 1) });
  const client: any = (b.host as any).client;
  const ping = () => new Promise((r, j) => client.getPluginInfo(new emptyproto.Empty(), (e: any, x: any) => (e ? j(e) : r(x))));
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  for (let round = 0; round < 3; round++) {
    const p: number[] = [], c: number[] = [];
    for (let i = 0; i < 200; i++) { const t = performance.now(); await ping(); p.push(performance.now() - t); }
    for (let i = 0; i < 200; i++) { const t = performance.now(); await b.check("backup-cleanup-policy", { tenant: "mysql_tenant", recoveryWindow: "7d" }); c.push(performance.now() - t); }
    console.log("ping", med(p).toFixed(2), "check", med(c).toFixed(2));
  }
  await b.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
