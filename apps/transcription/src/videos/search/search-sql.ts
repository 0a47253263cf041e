/**
 * The SQL of hybrid search, one function per ranking, each scoped to one creator and to the chunks
 * search may see (each video's active generation). Parameters: $1 creator id, then as noted.
 */

/**
 * Vector ranking when pgvector is installed: the HNSW index per dimension answers `<=>` (cosine
 * distance) on the chunks table alone (a join above the ordered scan would hide it from the
 * planner), filtered to the creator as it walks, then kept to active generations. $2 the query
 * vector (real[]), $3 how many. Chunks of a generation being replaced are walked too, so twice as
 * many are asked for. pgvector >= 0.8 walks on past ef_search (`hnsw.iterative_scan`) when the
 * creator's chunks are sparse in the graph.
 */
export function pgvectorRankingSql(schema: string, dimensions: number): string {
  const s = `"${schema}"`;
  return `
    SELECT c.video_id, c.generation, c.position
    FROM (
      SELECT video_id, generation, position, (embedding::vector(${dimensions})) <=> $2::real[]::vector(${dimensions}) AS distance
      FROM ${s}.video_chunks
      WHERE creator_id = $1 AND array_length(embedding, 1) = ${dimensions}
      ORDER BY distance
      LIMIT $3 * 2
    ) c JOIN ${s}.videos v ON v.video_id = c.video_id AND v.active_generation = c.generation
    ORDER BY c.distance
    LIMIT $3`;
}

/** The HNSW index pgvectorRankingSql uses, over the chunks of one dimension (a partial expression index). */
export function pgvectorIndexSql(schema: string, dimensions: number): string {
  return `CREATE INDEX IF NOT EXISTS video_chunks_hnsw_${dimensions} ON "${schema}".video_chunks
    USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE array_length(embedding, 1) = ${dimensions}`;
}

/**
 * Vector ranking without pgvector: an exact scan of the creator's chunks, cosine as the dot
 * product of unit vectors. $2 the query vector (real[]), $3 its dimension, $4 how many.
 */
export function exactRankingSql(schema: string): string {
  const s = `"${schema}"`;
  return `
    SELECT c.video_id, c.generation, c.position
    FROM ${s}.video_chunks c JOIN ${s}.videos v ON v.video_id = c.video_id AND v.active_generation = c.generation
    WHERE c.creator_id = $1 AND array_length(c.embedding, 1) = $3
    ORDER BY (SELECT sum(a * b) FROM unnest(c.embedding, $2::real[]) AS t(a, b)) DESC, c.video_id, c.position
    LIMIT $4`;
}

/** The query's words, stemmed, any of them (a question rarely has every word of its answer). */
const ANY_WORD = `to_tsquery('english', array_to_string(tsvector_to_array(to_tsvector('english', $2)), ' | '))`;

/** Full-text ranking: $2 the query text, $3 how many. */
export function textRankingSql(schema: string): string {
  const s = `"${schema}"`;
  return `
    SELECT c.video_id, c.generation, c.position
    FROM ${s}.video_chunks c JOIN ${s}.videos v ON v.video_id = c.video_id AND v.active_generation = c.generation, ${ANY_WORD} AS q
    WHERE c.creator_id = $1 AND c.tsv @@ q
    ORDER BY ts_rank_cd(c.tsv, q) DESC, c.video_id, c.position
    LIMIT $3`;
}

/** The fused results' details and snippets: $2 the query text, $3 the keys as `videoId:generation:position`. */
export function resultsSql(schema: string): string {
  const s = `"${schema}"`;
  return `
    SELECT c.video_id AS "videoId", v.title, c.generation || ':' || c.position AS ref, c.position, c.start_seconds AS "startSeconds", c.end_seconds AS "endSeconds",
      ts_headline('english', c.text, ${ANY_WORD}, 'MaxFragments=1, MaxWords=35, MinWords=15, StartSel=<mark>, StopSel=</mark>') AS snippet
    FROM ${s}.video_chunks c JOIN ${s}.videos v ON v.video_id = c.video_id
    WHERE c.creator_id = $1 AND (c.video_id::text || ':' || c.generation || ':' || c.position) = ANY($3::text[])`;
}
