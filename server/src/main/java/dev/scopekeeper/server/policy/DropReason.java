package dev.scopekeeper.server.policy;

/** Why a requested scope was not granted. The wire names are used in logs, pages and the audit log. */
public enum DropReason {
    UNKNOWN("unknown"),
    NOT_ALLOWED_FOR_CLIENT("not_allowed_for_client"),
    NOT_PERMITTED_FOR_USER("not_permitted_for_user"),
    DECLINED_BY_USER("declined_by_user");

    private final String wire;

    DropReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
