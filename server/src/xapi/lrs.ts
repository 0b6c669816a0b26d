import type { Database, Db, Executor } from '../lib/db';
import type { AttachmentBody } from './attachments';
import * as service from './service';
import type { Principal, QueryInput, StoreOptions, StoredStatement, Writer } from './service';
import type { XapiVersion } from './validate';

/**
 * What a feature above the LRS does with statements as they are stored: it runs in the storing
 * transaction (an error undoes the write) and may store statements of its own through `lrs`. Statements
 * the platform decided reach it too; it tells them apart with `isPlatformStatement`.
 */
export type Projector = (tx: Executor, statements: StoredStatement[], lrs: Lrs) => Promise<void>;

export interface LrsOptions {
  db: Db;
  /** The platform's address: learners are accounts on it, and it names the platform's authority. */
  publicUrl: string;
  /** Stored statements also go to the outbox, which the forwarder sends to an external LRS. */
  forwarding?: boolean;
  /** Called in order, in the storing transaction, with every group of statements stored. */
  projectors?: Projector[];
}

/**
 * The Learning Record Store: validates, stores and serves statements, and hands each stored group to
 * the projectors it was given. It knows no feature above it. Its write queue (group commit) and its
 * credential cache belong to the object, so two LRS objects share nothing but the database.
 */
export class Lrs {
  readonly db: Db;
  readonly publicUrl: string;
  readonly forwarding: boolean;
  private readonly context: service.LrsContext;

  constructor({ db, publicUrl, forwarding = false, projectors = [] }: LrsOptions) {
    this.db = db;
    this.publicUrl = publicUrl;
    this.forwarding = forwarding;
    this.context = service.createContext({
      db,
      publicUrl,
      forwarding,
      project: async (tx, statements) => {
        for (const project of projectors) await project(tx, statements, this);
      },
    });
  }

  /** Stores one statement or a batch, all or nothing; answers the statement ids. */
  store(writer: Writer, input: unknown, version: XapiVersion = '1.0.3', options: StoreOptions = {}) {
    return service.storeStatements(this.context, writer, input, version, options);
  }

  getStatement(principal: Principal, id: string, voided: boolean) {
    return service.getStatement(this.context, principal, id, voided);
  }

  queryStatements(principal: Principal, input: QueryInput) {
    return service.queryStatements(this.context, principal, input);
  }

  attachmentsOf(statements: Record<string, unknown>[]): Promise<AttachmentBody[]> {
    return service.attachmentsOf(this.context, statements);
  }

  /** Checks HTTP Basic credentials (cached for 30 s); a wrong or revoked one is refused without telling which. */
  authenticate(key: string, secret: string): Promise<Principal> {
    return service.authenticateCredential(this.context, key, secret);
  }

  /** Revokes a key: this LRS forgets it at once, the other servers when the announcement reaches them. */
  async revokeCredential(key: string): Promise<void> {
    await service.revokeCredential(this.db, key);
    service.forgetCredential(this.context, key);
  }

  /**
   * Keeps the credential cache in step with revocations made by other processes. When the listening
   * connection was lost for a while, the whole cache is dropped: announcements sent meanwhile are lost.
   */
  forgetRevokedCredentials(database: Database): Promise<() => Promise<void>> {
    return database.listen(
      service.CREDENTIAL_REVOKED_CHANNEL,
      (key) => service.forgetCredential(this.context, key),
      () => this.context.credentials.clear(),
    );
  }

  /** Waits until the statement writes already accepted are committed: the last step before closing the database. */
  writesDone(): Promise<void> {
    return this.context.writes.idle();
  }
}

export const createLrs = (options: LrsOptions) => new Lrs(options);
