// Preloaded into `node build` by the bench's soak (NODE_OPTIONS=--import): once a second the server's
// own process.memoryUsage() goes to the file named by TEPAT_MEMLOG, so the soak can put the JS heap
// and off-heap buffers next to the RSS it reads from /proc. Written whole and renamed so a reader
// never sees half a line. Not part of the app: without TEPAT_MEMLOG it does nothing.
import fs from 'node:fs';

const file = process.env.TEPAT_MEMLOG;
if (file) {
	const write = () => {
		fs.writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
		fs.renameSync(`${file}.tmp`, file);
	};
	write();
	setInterval(write, 1000).unref();
}
