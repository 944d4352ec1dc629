package io.camelhydra.component.hydra;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written docs list every option and header the generated metadata declares. */
class DocsTest {

    private static JsonNode metadata() throws Exception {
        try (InputStream in = DocsTest.class.getResourceAsStream("/META-INF/io/camelhydra/component/hydra/hydra.json")) {
            assertThat(in).as("generated hydra.json on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void componentDocListsEveryOptionAndHeader() throws Exception {
        String adoc = Files.readString(DockerRequired.projectDir()
                .resolve("camel-hydra-component/src/main/docs/hydra-component.adoc"));
        JsonNode json = metadata();
        for (String option : names(json.get("properties"))) {
            assertThat(adoc).as("endpoint option %s documented", option).contains("| " + option + " |");
        }
        for (String option : names(json.get("componentProperties"))) {
            assertThat(adoc).as("component option %s documented", option).containsPattern("\\| " + option + " \\|");
        }
        for (String header : names(json.get("headers"))) {
            assertThat(adoc).as("header %s documented", header).contains("| " + header + " |");
        }
    }

    @Test
    void readmeConfigurationTableNamesEveryEndpointOption() throws Exception {
        Path readme = DockerRequired.projectDir().resolve("README.md");
        String text = Files.readString(readme);
        for (String option : names(metadata().get("properties"))) {
            if (option.equals("function") || option.equals("lazyStartProducer")) {
                continue;
            }
            assertThat(text).as("README configuration table lists %s", option).contains("`" + option + "`");
        }
    }
}
