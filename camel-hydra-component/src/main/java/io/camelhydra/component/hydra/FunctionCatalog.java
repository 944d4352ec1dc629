package io.camelhydra.component.hydra;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The functions an application may call, read from one YAML file (see {@code functions/catalog.yaml}). Routes call
 * them by name; inputs that take the function name from outside (HTTP, folder names) must check it here first.
 */
public final class FunctionCatalog {

    /** Names are used in URIs, folder names, container names and labels: keep them plain. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private static final Set<String> DESCRIPTIVE_KEYS
            = Set.of("name", "description", "image", "build", "command", "contentType", "extension", "accepts");
    /** Catalog keys that map onto endpoint options, with the catalog's shorter spelling where it has one. */
    private static final Map<String, String> OPTION_KEYS = Map.ofEntries(
            Map.entry("timeout", "timeout"), Map.entry("memory", "memoryLimit"),
            Map.entry("memoryLimit", "memoryLimit"), Map.entry("cpus", "cpus"), Map.entry("pidsLimit", "pidsLimit"),
            Map.entry("tmpfsSize", "tmpfsSize"), Map.entry("user", "user"), Map.entry("network", "network"),
            Map.entry("readOnlyRootFilesystem", "readOnlyRootFilesystem"),
            Map.entry("maxOutputSize", "maxOutputSize"), Map.entry("outputSignature", "outputSignature"),
            Map.entry("successExitCodes", "successExitCodes"), Map.entry("workingDir", "workingDir"),
            Map.entry("env", "env"), Map.entry("stderrTailSize", "stderrTailSize"),
            Map.entry("maxConcurrentCalls", "maxConcurrentCalls"), Map.entry("maxQueuedCalls", "maxQueuedCalls"));

    private static final FunctionCatalog EMPTY = new FunctionCatalog("(no catalog)", Map.of());

    private final String source;
    private final Map<String, FunctionDefinition> functions;

    private FunctionCatalog(String source, Map<String, FunctionDefinition> functions) {
        this.source = source;
        this.functions = Collections.unmodifiableMap(functions);
    }

    public static FunctionCatalog empty() {
        return EMPTY;
    }

    /**
     * Reads a catalog.
     *
     * @param  source                   where it came from, for messages
     * @throws IllegalArgumentException naming the file, the function and the key that is wrong
     */
    public static FunctionCatalog parse(InputStream yaml, String source) throws IOException {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(source).build()).loadFromInputStream(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("Function catalog " + source + " is not valid YAML: " + e.getMessage(),
                    e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("functions") instanceof List<?> entries)) {
            throw new IllegalArgumentException("Function catalog " + source
                    + " must have a top-level 'functions:' list (see functions/catalog.yaml).");
        }
        Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
        int index = 0;
        for (Object entry : entries) {
            index++;
            if (!(entry instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("Function catalog " + source + ": entry " + index
                        + " is not a mapping of keys to values.");
            }
            FunctionDefinition function = toDefinition(source, index, map);
            if (functions.putIfAbsent(function.name(), function) != null) {
                throw new IllegalArgumentException("Function catalog " + source + " declares function '"
                        + function.name() + "' twice.");
            }
        }
        return new FunctionCatalog(source, functions);
    }

    private static FunctionDefinition toDefinition(String source, int index, Map<?, ?> map) {
        String name = string(map, "name");
        String where = "Function catalog " + source + ", function " + (name == null ? "#" + index : "'" + name + "'");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": 'name' must be lower-case letters, digits and dashes.");
        }
        String image = string(map, "image");
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException(where + ": 'image' is required.");
        }
        if (!image.contains(":") && !image.contains("@") || image.endsWith(":latest")) {
            throw new IllegalArgumentException(where + ": image '" + image
                    + "' must be pinned to a tag or digest other than latest.");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (DESCRIPTIVE_KEYS.contains(key)) {
                continue;
            }
            String option = OPTION_KEYS.get(key);
            if (option == null) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'. Known keys: "
                        + new java.util.TreeSet<>(union(DESCRIPTIVE_KEYS, OPTION_KEYS.keySet())) + ".");
            }
            options.put(option, e.getValue());
        }
        String extension = string(map, "extension");
        return new FunctionDefinition(name, orEmpty(string(map, "description")), image, list(map, "command", where),
                string(map, "contentType"), extension == null ? null : extension.replaceFirst("^\\.", ""),
                list(map, "accepts", where), options);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String string(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static List<String> list(Map<?, ?> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a list, e.g. [tr, a-z, A-Z].");
        }
        List<String> result = new ArrayList<>();
        for (Object item : items) {
            result.add(String.valueOf(item));
        }
        return result;
    }

    public Optional<FunctionDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : functions.get(name));
    }

    public boolean contains(String name) {
        return name != null && functions.containsKey(name);
    }

    public Collection<FunctionDefinition> functions() {
        return functions.values();
    }

    public Set<String> names() {
        return functions.keySet();
    }

    public String source() {
        return source;
    }
}
