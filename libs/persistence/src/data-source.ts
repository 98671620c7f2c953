// Entry point for the TypeORM CLI (migration:generate, migration:revert), which changes the schema: as the owner.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { databaseUrls } from './migrate';

export default new DataSource(dataSourceOptions(databaseUrls(process.env).owner));
