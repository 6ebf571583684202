/**
 * Response serialisers compiled at a route's first answer instead of at start (issue 9, RSS).
 * Fastify compiles a fast-json-stringify program for every response schema of every route
 * when it starts: some 150 here, 10–70 KB of generated source each, kept for the life of the
 * process, several MB of a heap of under 40. A lobby day answers a few dozen of those routes.
 *
 * The serialiser is the one fastify would make (its own compiler, with the same shared schemas
 * and options), so an answer still holds only what its schema names. A schema it cannot
 * compile would fail at its route's first answer instead of at start, so `compileAll` compiles
 * every one the routes declared, and a test runs it over the whole app.
 */
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Factory = SerializerSelector.SerializerFactory;
type Serializer = SerializerSelector.Serializer;

export function lazySerializers(): { factory: Factory; compileAll(): number } {
  const eager = SerializerSelector();
  const pending = new Set<() => Serializer>();
  const factory: Factory = (externalSchemas, options) => {
    const compile = eager(externalSchemas, options);
    return (route) => {
      let serialize: Serializer | undefined;
      const once = () => {
        pending.delete(once);
        return (serialize ??= compile(route));
      };
      pending.add(once);
      return (data) => (serialize ?? once())(data);
    };
  };
  return {
    factory,
    /** Compiles every serialiser not yet compiled; returns how many it compiled. */
    compileAll() {
      const all = [...pending];
      for (const compile of all) compile();
      return all.length;
    },
  };
}
