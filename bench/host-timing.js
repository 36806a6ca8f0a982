// Preloaded into the bench's provider host (NODE_OPTIONS --require): times each call of the provider's own
// functions inside the host's process, and each gRPC handler of Pulumi's host from the request's arrival to its
// answer, so the bench can split an operation's time into the provider's part (its code and its statements),
// Pulumi's host around it (decoding, loading the provider, encoding), and the rest: the gRPC transport and the
// engine stand-in's client. It writes one line per call to stderr, which the bench reads from the host's log;
// nothing else changes. Under the real Pulumi CLI (bench/real-engine.ts) it writes to BENCH_TIMING_FILE instead:
// the CLI turns a plugin's stderr into diagnostics, engine events the bench would then be timing too.
"use strict";

const fs = require("fs");
const Module = require("module");
const timingFd = process.env.BENCH_TIMING_FILE ? fs.openSync(process.env.BENCH_TIMING_FILE, "a") : undefined;
const emit = (line) => (timingFd === undefined ? process.stderr.write(line) : fs.writeSync(timingFd, line));
const PROVIDER = /pulumi-oceanbase-backup\/dist\/provider\/[a-z-]+$/;
const CALLS = new Set(["check", "diff", "create", "read", "update", "delete"]);
const load = Module._load;
const wrapped = new WeakMap();

function timed(fn, name) {
  return async function (...args) {
    const t0 = performance.now();
    try {
      return await fn.apply(this, args);
    } finally {
      emit(`bench-timing ${name} ${(performance.now() - t0).toFixed(3)}\n`);
    }
  };
}

/** Pulumi's host registers its handlers with grpc-js's addService: each is timed until it calls back. */
function timeHandlers(Server) {
  const addService = Server.prototype.addService;
  Server.prototype.addService = function (service, implementation) {
    const timedImpl = Object.create(implementation);
    for (const name of CALLS) {
      const fn = implementation[name];
      if (typeof fn !== "function") continue;
      timedImpl[name] = function (call, callback) {
        const t0 = performance.now();
        // the resource's URN, so that a line can be matched to the engine's step (the real engine's log names it)
        const urn = typeof call?.request?.getUrn === "function" ? call.request.getUrn() : "-";
        return fn.call(this, call, (...answer) => {
          const ms = (performance.now() - t0).toFixed(3);
          // answered first, written after: the write is not part of what the engine waits for
          const r = callback(...answer);
          emit(`bench-timing-handler ${name} ${ms} ${urn}\n`);
          return r;
        });
      };
    }
    return addService.call(this, service, timedImpl);
  };
}
const patchedServers = new WeakSet();

Module._load = function (request) {
  const m = load.apply(this, arguments);
  if (request === "@grpc/grpc-js" && m && typeof m.Server === "function" && !patchedServers.has(m.Server)) {
    patchedServers.add(m.Server);
    timeHandlers(m.Server);
  }
  if (typeof request !== "string" || !PROVIDER.test(request) || m === null || typeof m !== "object") return m;
  let w = wrapped.get(m);
  if (!w) {
    // a Proxy, not reassigned properties: compiled re-exports (`delete`) are getters
    w = new Proxy(m, { get: (t, k) => (CALLS.has(k) && typeof t[k] === "function" ? timed(t[k], k) : t[k]) });
    wrapped.set(m, w);
  }
  return w;
};
