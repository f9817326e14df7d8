// Prints, as JSON lines, every ConfigOption that the given Flink jars declare: its key, the keys Flink
// still reads for it (deprecated and fallback), whether it is itself deprecated, and its default.
// Usage: java ConfigOptionFacts.java CLASSPATH JAR... (the JARs are scanned, CLASSPATH resolves them).
// Reflection only, so one source serves every Flink version: no Flink class is compiled against.
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public class ConfigOptionFacts {
  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String path : args[0].split(File.pathSeparator)) if (!path.isEmpty()) urls.add(new File(path).toURI().toURL());
    URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    Class<?> configOption = loader.loadClass("org.apache.flink.configuration.ConfigOption");
    Method key = configOption.getMethod("key");
    Method fallbackKeys = configOption.getMethod("fallbackKeys");
    Method hasDefault = configOption.getMethod("hasDefaultValue");
    Method defaultValue = configOption.getMethod("defaultValue");
    Class<?> fallbackKey = loader.loadClass("org.apache.flink.configuration.FallbackKey");
    Method fallbackName = fallbackKey.getMethod("getKey");
    Method fallbackDeprecated = fallbackKey.getMethod("isDeprecated");
    Method formatDuration = null;
    try {
      formatDuration = loader.loadClass("org.apache.flink.util.TimeUtils").getMethod("formatWithHighestUnit", java.time.Duration.class);
    } catch (ReflectiveOperationException absent) {
      // older Flink: Duration.toString
    }
    TreeSet<String> unreadable = new TreeSet<>();
    for (int index = 1; index < args.length; index++) {
      try (JarFile jar = new JarFile(args[index])) {
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (!name.endsWith(".class") || name.contains("-") || !name.startsWith("org/apache/flink/")) continue;
          String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          // Shaded third-party code carries no Flink options.
          if (className.contains(".shaded.")) continue;
          Class<?> type;
          Field[] fields;
          try {
            type = Class.forName(className, false, loader);
            fields = type.getDeclaredFields();
          } catch (Throwable cannotLoad) {
            continue; // a class needing a dependency that is not on the path declares no option we can see
          }
          List<Field> options = new ArrayList<>();
          for (Field field : fields) {
            if (Modifier.isStatic(field.getModifiers()) && configOption.isAssignableFrom(field.getType())) options.add(field);
          }
          if (options.isEmpty()) continue;
          boolean classDeprecated = type.isAnnotationPresent(Deprecated.class);
          for (Field field : options) {
            Object option;
            try {
              field.setAccessible(true);
              option = field.get(null);
            } catch (Throwable cannotInit) {
              unreadable.add(className + "." + field.getName() + ": " + cannotInit);
              continue;
            }
            if (option == null) continue;
            StringBuilder line = new StringBuilder("{");
            line.append("\"key\":").append(json((String) key.invoke(option)));
            List<String> deprecated = new ArrayList<>();
            List<String> fallback = new ArrayList<>();
            for (Object fallbackEntry : (Iterable<?>) fallbackKeys.invoke(option)) {
              String fallbackKeyName = (String) fallbackName.invoke(fallbackEntry);
              if ((Boolean) fallbackDeprecated.invoke(fallbackEntry)) deprecated.add(fallbackKeyName);
              else fallback.add(fallbackKeyName);
            }
            line.append(",\"deprecatedKeys\":").append(jsonList(deprecated));
            line.append(",\"fallbackKeys\":").append(jsonList(fallback));
            line.append(",\"deprecated\":").append(classDeprecated || field.isAnnotationPresent(Deprecated.class));
            line.append(",\"public\":").append(Modifier.isPublic(field.getModifiers()) && Modifier.isPublic(type.getModifiers()));
            if ((Boolean) hasDefault.invoke(option)) line.append(",\"default\":").append(json(shown(defaultValue.invoke(option), formatDuration)));
            line.append(",\"class\":").append(json(className + "." + field.getName()));
            System.out.println(line.append("}"));
          }
        }
      }
    }
    for (String failure : unreadable) System.err.println("unreadable option " + failure);
    // A missed option would make the doctor call its key unknown: better no facts than wrong ones.
    if (!unreadable.isEmpty()) System.exit(2);
  }

  private static String shown(Object value, Method formatDuration) throws ReflectiveOperationException {
    if (value == null) return null;
    if (value instanceof java.time.Duration && formatDuration != null) return (String) formatDuration.invoke(null, value);
    if (value instanceof Enum) return ((Enum<?>) value).name();
    if (value instanceof Collection) {
      List<String> parts = new ArrayList<>();
      for (Object part : (Collection<?>) value) parts.add(shown(part, formatDuration));
      return String.join(";", parts);
    }
    return String.valueOf(value);
  }

  private static String jsonList(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values) quoted.add(json(value));
    return "[" + String.join(",", quoted) + "]";
  }

  private static String json(String value) {
    if (value == null) return "null";
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
