/** Words and method notes for the four rights (Empat Tepat), shared by the pages and the file exports. */
import { m } from './paraglide/messages';
import type { Right } from './rights';

type Label = (inputs?: Record<string, never>, options?: { locale?: 'id' | 'en' }) => string;
export const RIGHT_LABEL: Record<Right, Label> = {
	sasaran: m.rights_sasaran,
	jumlah: m.rights_jumlah,
	waktu: m.rights_waktu,
	administrasi: m.rights_administrasi
};

/** The right's own word, where "Empat Tepat" already heads the figures (the brief's lines). */
export const RIGHT_WORD: Record<Right, Label> = {
	sasaran: m.rights_short_sasaran,
	jumlah: m.rights_short_jumlah,
	waktu: m.rights_short_waktu,
	administrasi: m.rights_short_administrasi
};

/** The method note of each right in one language; `date` is the evaluation date (the snapshot date). */
export function rightsMethod(date: string | null, locale: 'id' | 'en'): Record<Right, string> {
	const o = { locale };
	const d = { date: date ?? '–' };
	return {
		sasaran: m.rights_method_sasaran({}, o),
		jumlah: m.rights_method_jumlah(d, o),
		waktu: m.rights_method_waktu(d, o),
		administrasi: m.rights_method_administrasi({}, o)
	};
}
