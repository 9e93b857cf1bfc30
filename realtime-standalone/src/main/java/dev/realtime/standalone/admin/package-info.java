/**
 * The admin HTTP API under {@code /api} on the operations port: rooms, members, messages and events from a
 * backend, connections, presence and statistics. Enabled only when {@code REALTIME_ADMIN_TOKEN} is set; every
 * request must carry it as a bearer token. The routes are listed in {@code /api/openapi.json}.
 */
package dev.realtime.standalone.admin;
