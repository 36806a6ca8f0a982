// Progress lines for the person watching `pulumi up`. Pulumi's dynamic-provider host is never connected to the
// engine (pulumi/pulumi#6065), so `pulumi.log` there always falls back to these same lines on stdout/stderr,
// which the CLI passes through. Writing them directly spares the host loading all of @pulumi/pulumi (about a
// second) at the provider's first call.

export const log = {
  info(message: string): void {
    console.log(`info: [runtime] ${message}`);
  },
  warn(message: string): void {
    console.warn(`warning: [runtime] ${message}`);
  },
};
