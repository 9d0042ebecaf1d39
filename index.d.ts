/** Types of the `somata` package (the compiled TypeScript layer). */
export * from './dist/index';
