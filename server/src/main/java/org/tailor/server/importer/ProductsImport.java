package org.tailor.server.importer;

import java.sql.Connection;
import java.util.List;

/** Not yet written. */
final class ProductsImport extends KindImport<Object> {

  ProductsImport(ImportContext context) {
    super(context);
  }

  @Override
  Object parse(Cells cells) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  void check(Connection connection, List<Parsed<Object>> chunk) {}

  @Override
  void write(Connection connection, List<Parsed<Object>> chunk, Counts counts) {}
}
