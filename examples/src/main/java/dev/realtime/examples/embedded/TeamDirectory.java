package dev.realtime.examples.embedded;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host application's own data: which users belong to which team. Held in memory because authorization hooks
 * run on transport threads and must not block (load it at start-up and refresh it in the background).
 */
public final class TeamDirectory {
    private final Map<String, Set<String>> membersByTeam = new ConcurrentHashMap<>();

    /** Replaces a team's member list. */
    public void setMembers(String team, Set<String> userIds) {
        membersByTeam.put(team, Set.copyOf(userIds));
    }

    public boolean isMember(String team, String userId) {
        return membersByTeam.getOrDefault(team, Set.of()).contains(userId);
    }
}
