// `npm run migrate`: create the database if missing, apply pending migrations as the owner
// (MIGRATION_DATABASE_URL), and grant the services' role (DATABASE_URL) what it needs.
import { databaseUrls, migrate } from '../migrate';

const { owner, service } = databaseUrls(process.env);
migrate(owner, service)
  .then((applied) => {
    process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'schema is up to date\n');
  })
  .catch((error: Error) => {
    process.stderr.write(`migration failed: ${error.message}\n`);
    process.exit(1);
  });
