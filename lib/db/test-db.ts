import { CairnDb, setDbForTests } from './schema';

let counter = 0;

/** Gives the test a fresh, empty database (fake-indexeddb) shared by all repositories. */
export function useFreshDb(): CairnDb {
  const db = new CairnDb(`cairn-test-${process.pid}-${++counter}`);
  setDbForTests(db);
  return db;
}
