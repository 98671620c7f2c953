import { dataSourceOptions } from '@sentinel/persistence';
import { DataSource } from 'typeorm';
import { testEnv } from './test-env';

/** A connection to the migrated test database. */
export async function testDataSource(): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(testEnv().databaseUrl, 4));
  return dataSource.initialize();
}
