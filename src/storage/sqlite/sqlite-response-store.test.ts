import { responseStoreContract } from '../contract/response-store.contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteResponseStore } from './sqlite-response-store.js';

responseStoreContract('sqlite', () => new SqliteResponseStore(openSqliteDatabase(':memory:')));
