import { relative } from "node:path";
import { DEFAULT_CORPUS_ROOT, ensureCorpus, pruneCorpora } from "./corpus.ts";

/**
 * `npm run corpus:generate`: writes the hostile-input corpus to .darkroom/corpus/<hash>/ (or
 * reuses it when the generator has not changed) and removes older corpora beside it.
 */
const corpus = await ensureCorpus(DEFAULT_CORPUS_ROOT);
const removed = await pruneCorpora(DEFAULT_CORPUS_ROOT, corpus.hash);
for (const file of corpus.files) console.log(`${String(file.bytes).padStart(9)}  ${file.name}`);
console.log(`${corpus.files.length} files in ${relative(process.cwd(), corpus.dir) || "."}`);
if (removed.length > 0) console.log(`removed older corpora: ${removed.join(", ")}`);
