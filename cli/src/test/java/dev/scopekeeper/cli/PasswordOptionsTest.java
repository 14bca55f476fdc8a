package dev.scopekeeper.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prompted path, which a test cannot reach through System.console(), and the generator. */
class PasswordOptionsTest {

    /** Answers with {@code answers} in turn (null: end of input) and keeps the arrays it handed out. */
    private static final class Answers implements PasswordOptions.Prompt {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> questions = new ArrayList<>();
        final List<char[]> handedOut = new ArrayList<>();

        Answers(String... answers) {
            this.answers.addAll(Arrays.asList(answers));
        }

        @Override
        public char[] ask(String question) {
            questions.add(question);
            String next = answers.poll();
            if (next == null) {
                return null;
            }
            char[] chars = next.toCharArray();
            handedOut.add(chars);
            return chars;
        }
    }

    @Test
    void whenBothAnswersMatchThenThePasswordIsReturnedAndTheArraysAreCleared() {
        Answers prompt = new Answers("correct horse battery", "correct horse battery");

        assertThat(PasswordOptions.prompted("alice", prompt)).isEqualTo("correct horse battery");
        assertThat(prompt.questions).containsExactly("New password for alice: ", "Repeat it: ");
        assertThat(prompt.handedOut).hasSize(2).allSatisfy(chars -> assertThat(chars).containsOnly('\0'));
    }

    @Test
    void whenTheAnswersDifferThenItFails() {
        assertThatThrownBy(() -> PasswordOptions.prompted("alice", new Answers("correct horse battery", "correct horse batery")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the two passwords differ");
    }

    @Test
    void whenInputEndsThenItFailsWithoutAskingAgain() {
        Answers prompt = new Answers();

        assertThatThrownBy(() -> PasswordOptions.prompted("alice", prompt)).hasMessage("no password entered");
        assertThat(prompt.questions).hasSize(1);
    }

    @Test
    void whenThePasswordIsShortThenItFails() {
        assertThatThrownBy(() -> PasswordOptions.prompted("alice", new Answers("short", "short")))
                .hasMessage("a password must be at least 12 characters");
        assertThat(PasswordOptions.checked("twelve chars")).hasSize(12);
    }

    @Test
    void whenGeneratedThenPasswordsAreUrlSafeLongEnoughAndDistinct() {
        String a = PasswordOptions.generate();
        String b = PasswordOptions.generate();

        assertThat(a).matches("[A-Za-z0-9_-]{24}").isNotEqualTo(b);
        assertThat(a.length()).isGreaterThanOrEqualTo(PasswordOptions.MIN_LENGTH);
    }
}
