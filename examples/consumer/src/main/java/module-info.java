/**
 * A toolstack as a named module: it requires bootlace's core only. The drivers (filesystems,
 * partition tables, boot configuration parsers, ...) are on the module path through bootlace-all
 * and are found by {@link java.util.ServiceLoader} from their {@code provides} clauses; nothing
 * names them.
 */
module com.example.toolstack {
  requires org.bootlace.core;

  exports com.example.toolstack;
}
