#!/usr/bin/env node
// Makes one unary call with the real Node gRPC client (@grpc/grpc-js) and prints the outcome as JSON,
// so .NET tests can check that our gRPC servers speak the protocol the reference clients speak.
//
// Usage:
//   node call.js <protoRoot> <protoFile> <service> <method> <address> <requestJson> [metadataJson] [deadlineMs]
//
//   protoRoot     directory that imports are resolved against, e.g. coordinator/protos
//   protoFile     .proto file, relative to protoRoot (or absolute), e.g. transactions/v1/participant.proto
//   service       fully qualified service name, e.g. transactions.v1.Participant
//   method        method name as in the .proto, e.g. Confirm
//   address       host:port without scheme (plaintext h2c), e.g. 127.0.0.1:5000
//   requestJson   the request message as JSON; field names in lowerCamelCase, int64 as strings,
//                 enums as names, bytes as base64
//   metadataJson  optional JSON object of request metadata: {"key": "value" | ["v1", "v2"]};
//                 values of keys ending in -bin are base64
//   deadlineMs    optional deadline in milliseconds (default 30000)
//
// Prints one line of JSON on stdout and exits 0 whenever the call completed, successfully or not:
//   {"ok":true,"response":{...},"trailers":{...}}
//   {"ok":false,"code":5,"details":"...","trailers":{...}}
// Exits 2 (message on stderr) for bad arguments or an unloadable .proto.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const LOADER_OPTIONS = {
  longs: String,
  enums: String,
  bytes: String,
  defaults: true,
  oneofs: true,
};

function fail(message) {
  process.stderr.write(`call.js: ${message}\n`);
  process.exit(2);
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(`${what} is not valid JSON: ${error.message}`);
  }
}

function toMetadata(object) {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(object ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      metadata.add(key, key.endsWith('-bin') ? Buffer.from(String(item), 'base64') : String(item));
    }
  }
  return metadata;
}

function fromMetadata(metadata) {
  const result = {};
  if (!metadata) {
    return result;
  }
  for (const [key, value] of Object.entries(metadata.getMap())) {
    result[key] = Buffer.isBuffer(value) ? value.toString('base64') : value;
  }
  return result;
}

function main() {
  const args = process.argv.slice(2);
  if (args.length < 6 || args.length > 8) {
    fail('usage: node call.js <protoRoot> <protoFile> <service> <method> <address> <requestJson> [metadataJson] [deadlineMs]');
  }
  const [protoRoot, protoFile, serviceName, methodName, address, requestJson, metadataJson, deadlineArg] = args;
  const request = parseJson(requestJson, 'requestJson');
  const metadata = toMetadata(metadataJson ? parseJson(metadataJson, 'metadataJson') : {});
  const deadlineMs = deadlineArg ? Number(deadlineArg) : 30000;
  if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) {
    fail(`deadlineMs must be a positive number, got '${deadlineArg}'`);
  }

  let definition;
  try {
    definition = protoLoader.loadSync(protoFile, { ...LOADER_OPTIONS, includeDirs: [path.resolve(protoRoot)] });
  } catch (error) {
    fail(`cannot load ${protoFile} from ${protoRoot}: ${error.message}`);
  }

  const loaded = grpc.loadPackageDefinition(definition);
  const Service = serviceName.split('.').reduce((scope, name) => (scope ? scope[name] : undefined), loaded);
  if (typeof Service !== 'function' || !Service.service) {
    fail(`service '${serviceName}' is not defined in ${protoFile}`);
  }
  if (!Service.service[methodName]) {
    fail(`method '${methodName}' is not defined in service '${serviceName}'`);
  }

  const client = new Service(address, grpc.credentials.createInsecure());
  let outcome = null;
  const call = client[methodName](request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => {
    outcome = error
      ? { ok: false, code: error.code, details: error.details ?? '' }
      : { ok: true, response };
  });
  // The callback runs before the 'status' event, which carries the trailers.
  call.on('status', (status) => {
    const result = outcome ?? { ok: false, code: status.code, details: status.details ?? '' };
    result.trailers = fromMetadata(status.metadata);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    client.close();
  });
}

main();
