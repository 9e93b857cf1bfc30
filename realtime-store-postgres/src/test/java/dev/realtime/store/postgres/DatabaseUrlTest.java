package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void parsesTheLibpqForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s3cret@db.example.com:6543/chat?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/chat?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void acceptsThePostgresSchemeAndDefaultsThePort() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app@localhost/chat");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/chat");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isNull();
    }

    @Test
    void decodesPercentEscapesAndKeepsUnencodedSpecialCharactersInThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://us%40er:p%3Aa%2Fss@h/db").password()).isEqualTo("p:a/ss");
        assertThat(DatabaseUrl.parse("postgresql://us%40er:p%3Aa%2Fss@h/db").user()).isEqualTo("us@er");
        DatabaseUrl raw = DatabaseUrl.parse("postgresql://user:p@ss/w+rd@h:5433/db");
        assertThat(raw.password()).isEqualTo("p@ss/w+rd");
        assertThat(raw.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/db");
    }

    @Test
    void parsesTheJdbcFormAndTakesCredentialsOutOfTheQuery() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://h1:5432,h2/db?user=app&password=top%20secret&targetServerType=primary");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/db?targetServerType=primary");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("top secret");
    }

    @Test
    void acceptsBracketedIpv6Hosts() {
        assertThat(DatabaseUrl.parse("postgresql://u@[::1]/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
        assertThat(DatabaseUrl.parse("postgresql://u@[::1]:6000/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:6000/db");
    }

    @Test
    void neverShowsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:hunter2@h/db");

        assertThat(url.toString()).doesNotContain("hunter2").contains("****").contains("app");
        assertThat(PostgresStoreOptions.builder(url).build().toString()).doesNotContain("hunter2");
    }

    @Test
    void refusesOtherSchemesWithoutRepeatingTheUrl() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesABadPortOrEscapeWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h:abc/db"))
                .hasMessageContaining("port").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2%zz@h/db"))
                .hasMessageContaining("password").hasMessageNotContaining("hunter2");
    }
}
