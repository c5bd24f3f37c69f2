import type { DatabaseConnection, Dialect, Driver } from 'kysely';
import { StoreUnavailableError } from '../../app/store-unavailable-error.js';

/**
 * Wraps a Kysely dialect so that every driver error the engine classifies as a lost or refused connection
 * surfaces as a StoreUnavailableError (driver error kept as `cause`); other errors pass through unchanged.
 * Wrapping the driver, not the store, covers every query, transaction statement and connection checkout at once.
 */
export function withUnavailableErrors(dialect: Dialect, isUnavailable: (error: unknown) => boolean): Dialect {
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw isUnavailable(error) ? new StoreUnavailableError(error) : error;
    }
  };
  return {
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => guardDriver(dialect.createDriver(), guard),
  };
}

function guardDriver(driver: Driver, guard: <T>(run: () => Promise<T>) => Promise<T>): Driver {
  // The inner driver releases only the connection objects it created.
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => inner.get(connection) ?? connection;
  const { savepoint, rollbackToSavepoint, releaseSavepoint } = driver;
  return {
    init: () => guard(() => driver.init()),
    acquireConnection: () =>
      guard(async () => {
        const connection = await driver.acquireConnection();
        const guarded: DatabaseConnection = {
          executeQuery: (query) => guard(() => connection.executeQuery(query)),
          streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
        };
        inner.set(guarded, connection);
        return guarded;
      }),
    beginTransaction: (connection, settings) => guard(() => driver.beginTransaction(unwrap(connection), settings)),
    commitTransaction: (connection) => guard(() => driver.commitTransaction(unwrap(connection))),
    rollbackTransaction: (connection) => guard(() => driver.rollbackTransaction(unwrap(connection))),
    ...(savepoint && { savepoint: (connection, name, compile) => guard(() => savepoint.call(driver, unwrap(connection), name, compile)) }),
    ...(rollbackToSavepoint && { rollbackToSavepoint: (connection, name, compile) => guard(() => rollbackToSavepoint.call(driver, unwrap(connection), name, compile)) }),
    ...(releaseSavepoint && { releaseSavepoint: (connection, name, compile) => guard(() => releaseSavepoint.call(driver, unwrap(connection), name, compile)) }),
    releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
    destroy: () => driver.destroy(),
  };
}
