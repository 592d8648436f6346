/* migrate.h - applying sql/NNN_*.sql schema migrations. */
#ifndef OA_MIGRATE_H
#define OA_MIGRATE_H

/*
 * Applies, in order, every dir/NNN_*.sql not yet recorded in schema_migrations, each
 * in its own transaction; safe to run twice and concurrently. Returns 0 or -1 (logged).
 */
int migrate_run(const char *dir);

#endif
