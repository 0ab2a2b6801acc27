package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageTypesTest {

    @Test
    void everyClientRecordIsRegisteredAndNothingElse() {
        assertThat(Set.of(ClientMessage.class.getPermittedSubclasses()))
                .containsExactlyInAnyOrderElementsOf(MessageTypes.client().values());
    }

    @Test
    void everyServerRecordIsRegisteredAndNothingElse() {
        assertThat(Set.of(ServerMessage.class.getPermittedSubclasses()))
                .containsExactlyInAnyOrderElementsOf(MessageTypes.server().values());
    }

    @Test
    void noRecordHasTwoNames() {
        List<Class<?>> client = List.copyOf(MessageTypes.client().values());
        List<Class<?>> server = List.copyOf(MessageTypes.server().values());

        assertThat(client).doesNotHaveDuplicates();
        assertThat(server).doesNotHaveDuplicates();
    }

    @Test
    void wireNamesAreLowerCaseDottedWords() {
        assertThat(MessageTypes.client().keySet()).allMatch(n -> n.matches("[a-z]+(\\.[a-z]+)*"));
        assertThat(MessageTypes.server().keySet()).allMatch(n -> n.matches("[a-z]+(\\.[a-z]+)*"));
    }

    @Test
    void everyRequestHasAnOkResponseNamedAfterIt() {
        Map<String, Class<? extends ServerMessage>> server = MessageTypes.server();

        assertThat(MessageTypes.client().keySet()).allSatisfy(name -> assertThat(server).containsKey(name + ".ok"));
        Set<String> okNames = server.keySet().stream().filter(n -> n.endsWith(".ok"))
                .map(n -> n.substring(0, n.length() - 3)).collect(Collectors.toSet());
        assertThat(okNames).as("no response without a request").isEqualTo(MessageTypes.client().keySet());
    }

    @Test
    void requestsAndResponsesHaveARequestIdAndEventsDoNot() {
        MessageTypes.client().forEach((name, type) ->
                assertThat(components(type)).as(name).first().isEqualTo("requestId"));
        MessageTypes.server().forEach((name, type) -> {
            if (name.endsWith(".ok") || name.equals("error")) {
                assertThat(components(type)).as(name).contains("requestId");
            } else {
                assertThat(components(type)).as(name).doesNotContain("requestId");
            }
        });
    }

    @Test
    void theRegistryCannotBeChangedFromOutside() {
        Map<String, Class<? extends ClientMessage>> client = MessageTypes.client();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.put("x", PingMessages.PingRequest.class))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(MessageTypes.client()).doesNotContainKey("x");
    }

    private static List<String> components(Class<?> type) {
        RecordComponent[] cs = type.getRecordComponents();
        assertThat(cs).as(type + " is a record").isNotNull();
        return Arrays.stream(cs).map(RecordComponent::getName).toList();
    }
}
