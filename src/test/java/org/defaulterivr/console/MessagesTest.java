package org.defaulterivr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every word of the console exists in both languages, and every key a template or page names exists. */
class MessagesTest {

    private static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/console/" + name)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void chineseAndEnglishHaveTheSameKeys() throws IOException {
        assertEquals(new TreeSet<>(bundle("messages.properties").stringPropertyNames()),
                new TreeSet<>(bundle("messages_zh_CN.properties").stringPropertyNames()));
    }

    @Test
    void everyKeyTheTemplatesAndPagesNameIsInTheBundles() throws IOException {
        Properties english = bundle("messages.properties");
        Pattern key = Pattern.compile("(?:\\bt|\\bf|fieldLabel)\\(\"([a-zA-Z]+\\.[a-zA-Z.]+)\"|\"(error\\.[a-zA-Z]+)\"");
        TreeSet<String> missing = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/jte")),
                Files.walk(Path.of("src/main/java/org/defaulterivr/console")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = key.matcher(Files.readString(file));
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!name.endsWith(".") && !name.equals("error.jte") && !english.containsKey(name)) {
                        missing.add(file.getFileName() + ": " + name);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "keys missing from the bundles: " + missing);
    }

    @Test
    void everyCodeTheRegistryRulesGiveHasAChineseTranslation() throws IOException {
        Properties chinese = bundle("messages_zh_CN.properties");
        Pattern code = Pattern.compile("\"((?:idNumber|debtor|text|currency|amount|numbers|phone|time|window)\\.[a-zA-Z]+)\"");
        TreeSet<String> codes = new TreeSet<>();
        for (String source : new String[] {"registry/CaseRules.java", "numbers/PhoneNumbers.java"}) {
            Matcher m = code.matcher(Files.readString(Path.of("src/main/java/org/defaulterivr/" + source)));
            while (m.find()) {
                codes.add(m.group(1));
            }
        }
        assertTrue(codes.size() >= 20, codes.toString());
        codes.removeIf(c -> chinese.containsKey("violation." + c));
        assertTrue(codes.isEmpty(), "codes without a translation: " + codes);
    }

    @Test
    void aKnownCodeIsTranslatedOnChinesePagesAndAnUnknownOneKeepsTheApisWords() {
        var known = new io.vertx.core.json.JsonObject().put("field", "numbers[0]").put("code", "phone.invalid")
                .put("message", "'12345' is not a valid phone number for its region");
        var unknown = new io.vertx.core.json.JsonObject().put("field", "x").put("code", "no.such").put("message", "odd");
        assertEquals("不是其所属地区的有效电话号码", ApiReply.message(known, Messages.of(Messages.CHINESE)));
        assertEquals(known.getString("message"), ApiReply.message(known, Messages.of(Messages.ENGLISH)));
        assertEquals("odd", ApiReply.message(unknown, Messages.of(Messages.CHINESE)));
    }

    @Test
    void theLanguageIsThePersonsChoiceElseTheBrowsersElseChinese() {
        assertEquals("en", Messages.choose("en", java.util.List.of()).tag());
        assertEquals("zh-CN", Messages.choose(null, java.util.List.of()).tag());
        assertEquals("zh-CN", Messages.of(Messages.CHINESE).tag());
        assertEquals("已列入", Messages.of(Messages.CHINESE).get("status.active"));
        assertEquals("Listed", Messages.of(Messages.ENGLISH).get("status.active"));
    }
}
