// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'test-artifacts/**', '.run/**', 'apps/console/public/**', 'apps/console/web/src/api-schema.gen.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked against the nearest tsconfig: the root one for apps, libs, scripts
        // and test, apps/console/web's own for the web UI.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Off for a known false positive (eslint/eslint#20947, typescript-eslint#12407): it does not see
      // a value read in a parameter decorator's arguments, which is every ZodPipe schema of our
      // controllers; tsc's noUnusedLocals reports values that are truly never read.
      'no-useless-assignment': 'off',
      // tsc's convention (noUnusedParameters): a leading underscore marks a name kept on purpose,
      // such as a field left out of a rest object or a position in a tuple.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Plain JavaScript (config files, the asset copier) is in no tsconfig: no type information.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    // CommonJS (the package is not "type": "module"): require is how these files import.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
  prettier,
);
