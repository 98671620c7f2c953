// `npm run migrate`: create the database if missing and apply pending migrations.
import { DEFAULT_DATABASE_URL } from '../data-source-options';
import { migrate } from '../migrate';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
migrate(url)
  .then((applied) => {
    process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'schema is up to date\n');
  })
  .catch((error: Error) => {
    process.stderr.write(`migration failed: ${error.message}\n`);
    process.exit(1);
  });
