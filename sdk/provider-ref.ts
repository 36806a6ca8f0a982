// The provider a resource hands Pulumi: a few lines that load the implementation by package name where it runs.
//
// Pulumi serializes a dynamic resource's provider into its state (`__provider`), and the dynamic-provider host,
// started in the program's directory, loads that text. Serialized by value, the implementation would be 100+ KB
// of text in every resource's state, and a different text after every upgrade of this package; and an
// init failure's state (which travels in gRPC trailers) cannot carry that much, so such a resource could not be
// refreshed or destroyed. These few lines are the same in every install (from a registry, a tarball or a
// linked checkout) and resolve the package from the program's node_modules, as the program itself did.

import type * as dynamic from "@pulumi/pulumi/dynamic";

export function providerRef(module: string): dynamic.ResourceProvider {
  // resolved as a file in the host's working directory (the project's) resolves it: through its node_modules,
  // or, in this package's own checkout (the top-level Pulumi.yaml), by the package's own name. `require` is the
  // host's: Pulumi never captures it.
  const load = (): Required<dynamic.ResourceProvider> =>
    require("module").createRequire(require("path").join(process.cwd(), "pulumi-program.js"))(`pulumi-oceanbase-backup/dist/provider/${module}`);
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
