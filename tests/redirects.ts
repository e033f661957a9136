/**
 * `kembali` values (decoded) that lead a browser off the site when sent as a Location, from the
 * usual open-redirect lists: tabs and newlines the browser drops, backslashes it reads as slashes,
 * dot segments that resolve to `//host`, absolute and scheme-relative URLs, other schemes.
 */
export const OPEN_REDIRECTS: string[] = [
	'/\t/evil.com',
	'/\n/evil.com',
	'/\r/evil.com',
	'/\t/\t/evil.com',
	'/\0/evil.com',
	'/ /evil.com',
	'/\u3000/evil.com',
	' //evil.com',
	'//evil.com',
	'///evil.com',
	'////evil.com',
	'/\\evil.com',
	'\\\\evil.com',
	'/\\/evil.com',
	'//\\evil.com',
	'\\/evil.com',
	'/../evil.com/..//evil.com',
	'/..//evil.com',
	'/.//evil.com',
	'/%2e%2e//evil.com',
	'/%2E//evil.com',
	'https://evil.com',
	'http:evil.com',
	'http:/evil.com',
	'//evil.com@tepat.example',
	'javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'/x\r\nSet-Cookie: tepat=1',
	'evil.com',
	''
];

/** Same-site paths a user comes back to, and the Location each gives. */
export const SAME_SITE_RETURNS: [string, string][] = [
	['/', '/'],
	['/wilayah/63.02?tahun=2024', '/wilayah/63.02?tahun=2024'],
	['/peta/63.02#profil', '/peta/63.02#profil'],
	['/perencanaan/63.02?w=63.02.01&program=KTB-PANGAN-2024', '/perencanaan/63.02?w=63.02.01&program=KTB-PANGAN-2024'],
	// Encoded slashes stay encoded: a path on this site, not a host.
	['/%2F/evil.com', '/%2F/evil.com'],
	['/cari?q=Tanjung%20Harapan', '/cari?q=Tanjung%20Harapan'],
	['/a/../wilayah', '/wilayah']
];
