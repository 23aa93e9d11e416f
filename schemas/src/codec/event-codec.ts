import type { Type } from 'avsc';
import { catalogue, feedTopicFamily, feedTopicNameOf } from '../catalogue/topics';
import type { TopicSpec } from '../catalogue/topic-spec';
import { UNKNOWN_EVENT_TYPE } from '../avro/envelope';
import { parseAvro } from '../avro/logical-types';
import {
  InvalidEventError,
  MalformedMessageError,
  RegistryRequestError,
  UnreadableSchemaError,
} from '../errors';
import type { EventsByTopic, FeedEvent, HomefirstEvent, TopicName } from '../generated/events';
import { compileTopic, type CompiledTopic } from './compiled-topic';
import { registerSubject } from './register-subject';
import type { RegistryClient } from './registry-client';
import { BODY_OFFSET, encodeFramed, frame, schemaIdOf, unframe } from './wire-format';

export interface EventCodecOptions {
  readonly registry: RegistryClient;
  /** Deployment prefix of topic names and so of subjects (`<prefix><topic>-value`); tests use a unique one. */
  readonly prefix?: string;
  /**
   * true (default): on first use, set the subject to BACKWARD_TRANSITIVE and register the schema.
   * false: only look the schema up (producers whose credentials cannot register; run `registerAll` at deploy).
   */
  readonly autoRegister?: boolean;
}

interface Reader {
  readonly topic: CompiledTopic;
  /** Absent when the writer's schema is this build's (same canonical form): read directly, no resolving. */
  readonly resolver: ReturnType<Type['createResolver']> | undefined;
}

/** A decoded value of any catalogue topic. */
export interface DecodedEvent {
  readonly topic: TopicName;
  readonly event: HomefirstEvent;
}

/**
 * Encodes and decodes events in the Confluent wire format through the schema registry.
 *
 * - Cached: the registry is asked once per subject (encode) and once per schema id (decode) per process;
 *   concurrent first calls share one request. A hot loop makes no HTTP call.
 * - Safe under registry outages: encode validates and serialises first, then needs the id; if the registry
 *   is down it throws RegistryUnavailableError (retriable) and returns nothing, so no partial or
 *   mis-framed bytes can be written. Failed lookups are not cached, so the next call tries again.
 * - Decoding resolves the writer's schema (by id) to this build's schema of the topic, so events written
 *   with any earlier released schema read as the current TypeScript types.
 */
export class EventCodec {
  private readonly topics: ReadonlyMap<string, CompiledTopic>;
  private readonly writerIds = new Map<string, Promise<number>>();
  /** The writer ids already known, by subject, for the synchronous path. */
  private readonly knownWriterIds = new Map<string, number>();
  /** Each council's feed subject (with the prefix), by LA code: worked out once. */
  private readonly feedSubjects = new Map<string, string>();
  private readonly readers = new Map<number, Promise<Reader>>();
  /** The readers already loaded, for the synchronous path. */
  private readonly loaded = new Map<number, Reader>();
  private readonly prefix: string;
  private readonly autoRegister: boolean;

  constructor(private readonly options: EventCodecOptions) {
    this.prefix = options.prefix ?? '';
    this.autoRegister = options.autoRegister ?? true;
    this.topics = compiledCatalogue();
  }

  /** The registry subject of a topic in this deployment. */
  subjectOf(topic: TopicName): string {
    return `${this.prefix}${this.compiled(topic).spec.valueSubject}`;
  }

  async encode<T extends TopicName>(topic: T, event: EventsByTopic[T]): Promise<Buffer> {
    const compiled = this.compiled(topic);
    const known = this.knownWriterIds.get(`${this.prefix}${compiled.spec.valueSubject}`);
    if (known !== undefined) return serialiseFramed(compiled, event, known);
    const body = serialise(compiled, event);
    return frame(await this.writerId(compiled), body);
  }

  /** Encodes a feed event for one council's feed topic (subject `<prefix>homefirst.feed.<laCode>.v1-value`). */
  async encodeFeed(laCode: string, event: FeedEvent): Promise<Buffer> {
    const compiled = this.compiled(feedTopicFamily.name);
    const body = serialise(compiled, event);
    return frame(await this.writerId(compiled, `${feedTopicNameOf(laCode)}-value`), body);
  }

  /**
   * encodeFeed without a promise, for hot loops: the framed bytes once this feed topic's writer id is
   * known (after one encodeFeed for the same council), else undefined — then call encodeFeed.
   */
  encodeFeedSync(laCode: string, event: FeedEvent): Buffer | undefined {
    let subject = this.feedSubjects.get(laCode);
    if (subject === undefined)
      this.feedSubjects.set(laCode, (subject = `${this.prefix}${feedTopicNameOf(laCode)}-value`));
    const id = this.knownWriterIds.get(subject);
    return id === undefined ? undefined : serialiseFramed(this.compiled(feedTopicFamily.name), event, id);
  }

  /** Decodes a value read from `topic`; throws UnreadableSchemaError if it was written with another topic's schema. */
  async decode<T extends TopicName>(topic: T, message: Buffer): Promise<EventsByTopic[T]> {
    const decoded = await this.decodeAny(message);
    if (decoded.topic !== topic) {
      throw new UnreadableSchemaError(
        unframe(message).schemaId,
        `it is a ${decoded.topic} schema, read from ${topic}`,
      );
    }
    return decoded.event as EventsByTopic[T];
  }

  /** Decodes a value of any catalogue topic (for tools that read many topics). */
  async decodeAny(message: Buffer): Promise<DecodedEvent> {
    const { schemaId, body } = unframe(message);
    const reader = this.loaded.get(schemaId) ?? (await this.readerFor(schemaId));
    return decodeWith(reader, schemaId, body);
  }

  /**
   * decodeAny without a promise, for hot loops: the decoded event once this schema id's reader is cached
   * (after one decodeAny of a message with that id), else undefined — then call decodeAny. Throws what
   * decodeAny rejects with for a malformed message or an unreadable schema.
   */
  decodeAnySync(message: Buffer): DecodedEvent | undefined {
    const schemaId = schemaIdOf(message);
    const reader = this.loaded.get(schemaId);
    return reader === undefined ? undefined : decodeFramed(reader, schemaId, message);
  }

  /** Registers (or looks up) every topic's schema now: call at start-up to fail fast and warm the cache. */
  async prepare(
    topics: readonly TopicName[] = [...this.topics.values()]
      .filter((t) => !t.spec.family)
      .map((t) => t.spec.name as TopicName),
  ): Promise<void> {
    await Promise.all(topics.map((topic) => this.writerId(this.compiled(topic))));
  }

  /** Looks up (or registers) the feed subjects of these councils now: a router's first feed events then do not wait. */
  async prepareFeeds(laCodes: readonly string[]): Promise<void> {
    const compiled = this.compiled(feedTopicFamily.name);
    await Promise.all(laCodes.map((laCode) => this.writerId(compiled, `${feedTopicNameOf(laCode)}-value`)));
  }

  /**
   * Loads the readers of these topics' current schemas (as this build has them) now, so the first records
   * written with them decode without waiting for the registry. Nothing to load for a schema not registered yet.
   */
  async prepareReading(topics: readonly TopicName[]): Promise<void> {
    await Promise.all(
      topics.map(async (topic) => {
        const compiled = this.compiled(topic);
        let id: number;
        try {
          id = await this.options.registry.lookup(this.subjectOf(topic), compiled.schemaText);
        } catch (error) {
          if (error instanceof RegistryRequestError && error.status === 404) return;
          throw error;
        }
        await this.readerFor(id);
      }),
    );
  }

  private compiled(topic: string): CompiledTopic {
    const compiled = this.topics.get(topic);
    if (!compiled) throw new TypeError(`${topic} is not a topic of the catalogue`);
    return compiled;
  }

  private writerId(compiled: CompiledTopic, valueSubject = compiled.spec.valueSubject): Promise<number> {
    if (compiled.spec.family && valueSubject === compiled.spec.valueSubject)
      throw new TypeError(`${compiled.spec.name} is a topic family: encode for one of its topics`);
    const subject = `${this.prefix}${valueSubject}`;
    return cached(this.writerIds, subject, async () => {
      const id = await (this.autoRegister
        ? registerSubject(this.options.registry, subject, compiled.schemaText)
        : this.options.registry.lookup(subject, compiled.schemaText));
      this.knownWriterIds.set(subject, id);
      return id;
    });
  }

  private readerFor(schemaId: number): Promise<Reader> {
    return cached(this.readers, schemaId, async () => {
      const reader = await this.loadReader(schemaId);
      this.loaded.set(schemaId, reader);
      return reader;
    });
  }

  private async loadReader(schemaId: number): Promise<Reader> {
    const text = await this.options.registry.schemaById(schemaId);
    let writer: Type;
    try {
      writer = parseAvro(JSON.parse(text) as object);
    } catch (cause) {
      throw new UnreadableSchemaError(schemaId, 'not an Avro schema', cause);
    }
    const topic = [...this.topics.values()].find((t) => t.fullName === writer.name);
    if (!topic)
      throw new UnreadableSchemaError(
        schemaId,
        `record ${String(writer.name)} is not the value schema of any catalogue topic`,
      );
    if (writer.equals(topic.type)) return { topic, resolver: undefined };
    try {
      return { topic, resolver: topic.type.createResolver(writer) };
    } catch (cause) {
      throw new UnreadableSchemaError(
        schemaId,
        `not readable as this build's ${topic.fullName} (a newer producer? upgrade consumers first)`,
        cause,
      );
    }
  }
}

const decodeWith = (reader: Reader, schemaId: number, body: Buffer): DecodedEvent => {
  let value: unknown;
  try {
    value = reader.topic.type.fromBuffer(body, reader.resolver);
  } catch (cause) {
    throw new MalformedMessageError(`body does not decode with schema id ${schemaId}`, cause);
  }
  return { topic: reader.topic.spec.name as TopicName, event: fromAvro(reader.topic, schemaId, value) };
};

/** decodeWith of a whole framed message, read in place (no Buffer for the body: the hot path). */
const decodeFramed = (reader: Reader, schemaId: number, message: Buffer): DecodedEvent => {
  let read: { readonly value: unknown; readonly offset: number };
  try {
    read = reader.topic.type.decode(message, BODY_OFFSET, reader.resolver);
  } catch (cause) {
    throw new MalformedMessageError(`body does not decode with schema id ${schemaId}`, cause);
  }
  // As fromBuffer: a body cut short, or bytes after the value, is not this schema's value.
  if (read.offset !== message.length)
    throw new MalformedMessageError(
      `body does not decode with schema id ${schemaId}`,
      new Error(read.offset < 0 ? 'truncated buffer' : 'trailing data'),
    );
  return { topic: reader.topic.spec.name as TopicName, event: fromAvro(reader.topic, schemaId, read.value) };
};

let compiledOnce: ReadonlyMap<string, CompiledTopic> | undefined;
const compiledCatalogue = (): ReadonlyMap<string, CompiledTopic> =>
  (compiledOnce ??= new Map(
    [...catalogue, feedTopicFamily].map((spec: TopicSpec) => [spec.name, compileTopic(spec)]),
  ));

/** Memoises a promise by key; a rejected promise is forgotten so the next call retries. */
const cached = <K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> => {
  const existing = cache.get(key);
  if (existing) return existing;
  const loading = load();
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return loading;
};

interface EnvelopeLike {
  readonly type: string;
  readonly payload: unknown;
}

/** The value avsc writes for an event: the payload wrapped in its union branch where the schema needs it. */
const avroValueOf = (compiled: CompiledTopic, event: EnvelopeLike): unknown => {
  const topic = compiled.spec.name;
  const branch = compiled.branchOf.get(event.type);
  if (branch === undefined)
    throw new InvalidEventError(topic, ['type'], new Error(`${event.type} is not an event type of ${topic}`));
  return compiled.wrappedPayload ? { ...event, payload: { [branch]: event.payload } } : event;
};

const serialise = (compiled: CompiledTopic, event: EnvelopeLike): Buffer => {
  const value = avroValueOf(compiled, event);
  try {
    return compiled.type.toBuffer(value);
  } catch (cause) {
    throw new InvalidEventError(compiled.spec.name, invalidPaths(compiled.type, value), cause);
  }
};

/** serialise then frame, in one allocation (the hot path, once the writer id is known). */
const serialiseFramed = (compiled: CompiledTopic, event: EnvelopeLike, schemaId: number): Buffer => {
  const value = avroValueOf(compiled, event);
  try {
    return encodeFramed(schemaId, (buffer, position) => compiled.type.encode(value, buffer, position));
  } catch (cause) {
    throw new InvalidEventError(compiled.spec.name, invalidPaths(compiled.type, value), cause);
  }
};

const invalidPaths = (type: Type, value: unknown): string[] => {
  const paths: string[] = [];
  type.isValid(value, { errorHook: (path) => paths.push(path.join('.')) });
  return paths;
};

const fromAvro = (compiled: CompiledTopic, schemaId: number, value: unknown): HomefirstEvent => {
  const envelope = value as EnvelopeLike & Record<string, unknown>;
  if (envelope.type === UNKNOWN_EVENT_TYPE)
    throw new UnreadableSchemaError(schemaId, 'event type unknown to this build');
  let payload = envelope.payload;
  if (compiled.wrappedPayload) {
    const branch = compiled.branchOf.get(envelope.type);
    const wrapped = payload as Record<string, unknown>;
    if (branch === undefined || !(branch in wrapped)) {
      throw new MalformedMessageError(
        `type ${envelope.type} does not match the payload record ${Object.keys(wrapped).join()}`,
      );
    }
    payload = wrapped[branch];
  }
  // dataQuality was added with default null: null and absent both mean "no flags", and an event reads
  // back as it was built (most are built without it). Built field by field in schema order, dataQuality
  // last when set: the key order of `{ ...rest, ...flags, payload }`, without an object spread's cost.
  const event: Record<string, unknown> = {};
  for (const name of compiled.fieldNames) {
    if (name === 'payload') event.payload = payload;
    else if (name !== 'dataQuality') event[name] = envelope[name];
  }
  const dataQuality = envelope.dataQuality;
  if (dataQuality !== null && dataQuality !== undefined) event.dataQuality = dataQuality;
  return event as unknown as HomefirstEvent;
};
