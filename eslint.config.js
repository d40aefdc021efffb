// ESLint for the map's browser layer: plain ES5-style scripts that run in the page (the
// published file must open in old browsers too) and in Node for the unit tests.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["aleppo_map/web/**/*.js"],
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: {...globals.browser, module: "readonly", L: "readonly"},
    },
    rules: {
      "no-var": "off",
      eqeqeq: "error",
      "no-unused-vars": ["error", {args: "none", caughtErrors: "none"}],
      "no-implicit-globals": "error",
      strict: ["error", "function"],
      "no-restricted-properties": ["error",
        {property: "innerHTML", message: "put data in the page with textContent"},
        {property: "outerHTML", message: "put data in the page with textContent"}],
      "no-restricted-syntax": ["error",
        {selector: "CallExpression[callee.name='eval']", message: "no eval"}],
    },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: globals.node},
  },
];
