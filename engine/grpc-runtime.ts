// The gRPC library and protobuf runtime of the stubs @pulumi/pulumi ships (proto/*_pb.js): the stubs check
// instanceof against their own copies of these, so messages must be made with the same ones.

import path = require("path");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));

/* eslint-disable @typescript-eslint/no-explicit-any */
export const grpc: any = fromPulumi("@grpc/grpc-js");
export const structproto: any = fromPulumi("google-protobuf/google/protobuf/struct_pb");
export const emptyproto: any = fromPulumi("google-protobuf/google/protobuf/empty_pb");
