// This repository's own pre-commit (.husky/pre-commit runs lint-staged):
// format staged sources, and type-check the whole project when TypeScript changes
// (a function, so lint-staged does not append file names that tsc -p would reject).
export default {
  '*.{ts,mjs}': 'prettier --write',
  '*.ts': () => 'tsc -p tsconfig.json --noEmit',
};
