// Temporal histories to and from proto3 JSON, the form `temporal workflow show --output json` writes and
// `Worker.runReplayHistories` reads. The SDK has `historyToJSON` / `historyFromJSON` (@temporalio/common), but
// they fail with "type must be a Type" when npm installs more than one copy of protobufjs 8 (it does here:
// @grpc/proto-loader keeps protobufjs 7 at the top, so @temporalio/common, /proto and /worker each get their
// own nested copy, and protobufjs's `instanceof Type` fails across copies). This module does the same
// conversion with the protobufjs copy that @temporalio/proto itself was loaded with, whatever the layout.
import { createRequire } from 'node:module';
import proto from '@temporalio/proto';
import type { HistoryJson } from './history.js';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

interface Converter {
  readonly protojson: ProtoJson;
  readonly historyType: unknown;
}

let converter: Converter | undefined;

function load(): Converter {
  if (converter !== undefined) return converter;
  const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const protojson = fromProto('protobufjs/ext/protojson') as ProtoJson;
  const { patchProtobufRoot } = fromProto('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot: (root: unknown) => { lookupType(name: string): unknown };
  };
  converter = {
    protojson,
    historyType: patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History'),
  };
  return converter;
}

/** A history (as `fetchHistory()` returns it) in proto3 JSON. */
export function historyToJson(history: History): HistoryJson {
  const { protojson, historyType } = load();
  return protojson.toJson(
    historyType,
    proto.temporal.api.history.v1.History.fromObject(history),
  ) as HistoryJson;
}

// Older tools wrote enum values in PascalCase (`WorkflowExecutionStarted`); proto3 JSON wants the constant.
function constantCase(value: string): string {
  return value.replace(/[^\b][A-Z]/g, (pair) => `${pair[0]}_${pair[1]}`).toUpperCase();
}

function fixEnum(record: Record<string, unknown>, field: string, prefix: string): Record<string, unknown> {
  const value = record[field];
  if (typeof value !== 'string' || value.startsWith(prefix)) return {};
  return { [field]: `${prefix}_${constantCase(value)}` };
}

/** A proto3 JSON history as the History message `Worker.runReplayHistories` replays. */
export function historyFromJson(json: HistoryJson): History {
  const { protojson, historyType } = load();
  const events = json.events.map((event) => {
    const name = Object.keys(event).find((key) => key.endsWith('EventAttributes'));
    if (name === undefined) throw new TypeError(`history event ${String(event.eventId)} has no attributes`);
    const attributes = (event[name] ?? {}) as Record<string, unknown>;
    const taskQueue = attributes['taskQueue'] as Record<string, unknown> | undefined;
    return {
      ...event,
      ...fixEnum(event, 'eventType', 'EVENT_TYPE'),
      [name]: {
        ...attributes,
        ...(taskQueue === undefined
          ? {}
          : { taskQueue: { ...taskQueue, ...fixEnum(taskQueue, 'kind', 'TASK_QUEUE_KIND') } }),
        ...fixEnum(attributes, 'initiator', 'CONTINUE_AS_NEW_INITIATOR'),
        ...fixEnum(attributes, 'retryState', 'RETRY_STATE'),
        ...fixEnum(attributes, 'workflowIdReusePolicy', 'WORKFLOW_ID_REUSE_POLICY'),
        ...fixEnum(attributes, 'parentClosePolicy', 'PARENT_CLOSE_POLICY'),
      },
    };
  });
  const history = protojson.fromJson(historyType, { events }, { ignoreUnknownFields: true });
  if (history === null || history === undefined) throw new TypeError('not a Temporal history');
  return history as History;
}
