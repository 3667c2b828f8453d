package io.flowrank.cli;

import java.util.function.Function;
import picocli.CommandLine;

/**
 * A picocli converter made of a parse function: the function's {@link IllegalArgumentException}
 * becomes the usage error picocli prints, with its message ({@code Invalid value for option
 * '--x': MESSAGE}). Picocli builds converters by class, hence one small subclass per type.
 */
public abstract class ValueConverter<T> implements CommandLine.ITypeConverter<T> {

  private final Function<String, T> parse;

  protected ValueConverter(Function<String, T> parse) {
    this.parse = parse;
  }

  @Override
  public final T convert(String value) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
