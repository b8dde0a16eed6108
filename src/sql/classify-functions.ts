/**
 * Built-in functions that never write, take locks that outlive the statement, or
 * change session state, so a statement calling them may run on a hot standby.
 * Everything not listed here (and not added through `readOnlyFunctions`) sends
 * the statement to the primary: an unknown function may write.
 *
 * Deliberately absent: nextval, setval, currval, lastval (sequence and session
 * state), set_config and setseed (session state), pg_advisory_* (locks held by a
 * session), txid_current / pg_current_xact_id (assign a transaction id),
 * pg_current_wal_lsn (fails during recovery), pg_notify, lo_* (large objects).
 */
export const BUILTIN_READ_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(
  `
  count sum avg min max array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg
  bool_and bool_or every bit_and bit_or bit_xor stddev stddev_pop stddev_samp variance var_pop var_samp
  percentile_cont percentile_disc mode corr covar_pop covar_samp regr_slope regr_intercept regr_count
  regr_r2 regr_avgx regr_avgy range_agg range_intersect_agg xmlagg any_value
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  lower upper length char_length character_length octet_length bit_length substring substr trim btrim
  ltrim rtrim lpad rpad concat concat_ws replace regexp_replace regexp_match regexp_matches regexp_like
  regexp_count regexp_instr regexp_substr regexp_split_to_array regexp_split_to_table split_part
  position strpos left right reverse repeat initcap format md5 sha224 sha256 sha384 sha512 encode
  decode to_char to_number to_date to_timestamp quote_ident quote_literal quote_nullable starts_with
  translate ascii chr overlay string_to_array string_to_table array_to_string normalize unistr
  convert_from convert_to to_hex to_ascii
  abs ceil ceiling floor round trunc sqrt cbrt power pow exp ln log log10 mod sign div pi degrees
  radians sin cos tan asin acos atan atan2 sinh cosh tanh width_bucket gcd lcm factorial random
  random_normal scale min_scale trim_scale
  now clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc date_part extract
  age make_date make_time make_timestamp make_timestamptz make_interval justify_days justify_hours
  justify_interval isfinite date_bin timezone overlaps
  json_build_object jsonb_build_object json_build_array jsonb_build_array to_json to_jsonb row_to_json
  array_to_json json_object jsonb_object json_array_length jsonb_array_length json_extract_path
  jsonb_extract_path json_extract_path_text jsonb_extract_path_text json_each jsonb_each json_each_text
  jsonb_each_text json_array_elements jsonb_array_elements json_array_elements_text
  jsonb_array_elements_text json_object_keys jsonb_object_keys jsonb_set jsonb_set_lax jsonb_insert
  jsonb_strip_nulls json_strip_nulls jsonb_pretty json_typeof jsonb_typeof jsonb_path_query
  jsonb_path_exists jsonb_path_match jsonb_path_query_array jsonb_path_query_first json_populate_record
  jsonb_populate_record json_populate_recordset jsonb_populate_recordset json_to_record jsonb_to_record
  json_to_recordset jsonb_to_recordset
  array_length array_lower array_upper array_ndims array_dims cardinality unnest array_append
  array_prepend array_cat array_remove array_replace array_position array_positions array_fill
  generate_series generate_subscripts trim_array
  isempty lower_inc upper_inc lower_inf upper_inf range_merge int4range int8range numrange tsrange
  tstzrange daterange multirange
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd
  ts_headline setweight strip ts_lexize tsvector_to_array array_to_tsvector
  host hostmask masklen netmask network family abbrev broadcast inet_merge inet_same_family
  pg_typeof version current_setting current_database current_schema current_schemas
  inet_server_addr inet_server_port inet_client_addr inet_client_port pg_backend_pid
  pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery pg_is_wal_replay_paused
  pg_last_wal_replay_lsn pg_last_wal_receive_lsn pg_last_xact_replay_timestamp pg_wal_lsn_diff
  pg_size_pretty pg_size_bytes pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size
  pg_database_size pg_tablespace_size pg_column_size pg_relation_filenode pg_relation_filepath
  has_table_privilege has_column_privilege has_schema_privilege has_database_privilege
  has_function_privilege has_sequence_privilege pg_has_role pg_get_indexdef pg_get_viewdef
  pg_get_constraintdef pg_get_functiondef pg_get_triggerdef pg_get_ruledef pg_get_expr
  pg_get_userbyid pg_get_serial_sequence pg_table_is_visible format_type obj_description
  col_description shobj_description to_regclass to_regtype to_regproc to_regprocedure to_regnamespace
  to_regrole pg_current_snapshot pg_snapshot_xmin pg_snapshot_xmax txid_current_snapshot
  pg_sleep pg_sleep_for gen_random_uuid uuid_generate_v4 hashtext num_nulls num_nonnulls
  text int2 int4 int8 float4 float8 bool date timestamptz
  `
    .split(/\s+/)
    .filter((name) => name !== ''),
);

/** Built-in functions that write, lock or change session state: a statement calling one runs on the primary. */
export const BUILTIN_WRITE_FUNCTIONS: ReadonlySet<string> = new Set(
  `
  nextval setval currval lastval set_config setseed txid_current txid_current_if_assigned
  pg_current_xact_id pg_current_xact_id_if_assigned pg_current_wal_lsn pg_current_wal_insert_lsn
  pg_current_wal_flush_lsn pg_notify pg_advisory_lock pg_advisory_lock_shared pg_advisory_unlock
  pg_advisory_unlock_shared pg_advisory_unlock_all pg_advisory_xact_lock pg_advisory_xact_lock_shared
  pg_try_advisory_lock pg_try_advisory_lock_shared pg_try_advisory_xact_lock
  pg_try_advisory_xact_lock_shared lo_create lo_creat lo_import lo_export lo_unlink lo_put lo_from_bytea
  pg_switch_wal pg_create_restore_point pg_reload_conf pg_cancel_backend pg_terminate_backend
  pg_stat_reset pg_stat_reset_shared pg_stat_statements_reset pg_create_logical_replication_slot
  pg_create_physical_replication_slot pg_drop_replication_slot pg_logical_emit_message
  `
    .split(/\s+/)
    .filter((name) => name !== ''),
);
