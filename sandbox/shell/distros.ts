import { fileEntry, symlinkEntry } from '../fs/entry.ts';
import type { FileSystem } from '../fs/file-system.ts';
import { mkdirp } from '../fs/ops.ts';
import { programMarker } from './program.ts';

/**
 * The programs real base images ship, so a simulated image "has" what the real one has: a
 * program the simulation models runs, one it does not model does nothing and says so, and one
 * the real image lacks is not found. Lists come from the packages of Debian 12's minimal
 * install (coreutils, findutils, grep, sed, tar, gzip, dash, bash, dpkg, apt, passwd, login,
 * util-linux, debianutils, mawk, ...) and from Alpine's BusyBox applets.
 */

/** Executables of `debian:bookworm-slim`, by path (merged /usr: /bin links to usr/bin). */
export const DEBIAN_PROGRAMS: readonly string[] = [
  ...'[ apt apt-cache apt-config apt-get apt-key apt-mark arch awk b2sum base32 base64 basename bash cat chage chfn chgrp chmod chown chsh cksum clear cmp comm cp csplit cut dash date dd df diff diff3 dir dircolors dirname dmesg dpkg dpkg-deb dpkg-divert dpkg-maintscript-helper dpkg-query dpkg-split dpkg-statoverride dpkg-trigger du echo egrep env expand expr factor fallocate false fgrep find findmnt flock fmt fold getconf getent getopt gpasswd gpgv grep groups gunzip gzexe gzip head hostid hostname iconv id install ionice ipcrm ipcs join kill last ldd link ln locale localedef logger login logname ls lsblk mawk md5sum mkdir mkfifo mknod mktemp more mount mountpoint mv namei newgrp nice nl nohup nproc numfmt od passwd paste pathchk perl pidof pinky pr printenv printf ptx pwd rbash readlink realpath renice reset rev rm rmdir run-parts runcon savelog script sdiff sed seq setarch setsid sg sh sha1sum sha224sum sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty su sum sync tac tail tar taskset tee tempfile test timeout touch tput tr true truncate tset tsort tty tzselect umount uname uncompress unexpand uniq unlink unshare update-alternatives users wc whereis which who whoami xargs yes zcat zcmp zdiff zegrep zfgrep zforce zgrep zless zmore znew'
    .split(' ')
    .map((name) => `/usr/bin/${name}`),
  ...'add-shell agetty blkid chgpasswd chpasswd chroot fsck getty groupadd groupdel groupmod grpck grpconv iconvconfig installkernel killall5 ldconfig losetup mkfs mkswap newusers nologin pivot_root pwck pwconv remove-shell rmt-tar runuser shadowconfig start-stop-daemon sulogin swapoff swapon switch_root update-passwd useradd userdel usermod vigr vipw wipefs zic'
    .split(' ')
    .map((name) => `/usr/sbin/${name}`),
];

/** BusyBox applets of Alpine's `/bin/busybox` (links in /bin, /sbin, /usr/bin, /usr/sbin). */
export const BUSYBOX_APPLETS: readonly string[] =
  '[ [[ addgroup adduser arch ash awk base64 basename bbconfig bc blkid bunzip2 bzcat bzip2 cal cat chgrp chmod chown chpasswd chroot cksum clear cmp comm cp cpio crond crontab cryptpw cut date dc dd delgroup deluser df diff dirname dmesg dnsdomainname dos2unix du echo egrep env expand expr factor fallocate false fgrep find flock fold free fsync fuser getopt getty grep groups gunzip gzip halt hd head hexdump hostid hostname id ifconfig install ionice ip ipcalc kill killall less link linux32 linux64 ln logger login ls lsof lzcat lzma md5sum mkdir mkfifo mknod mkpasswd mktemp more mount mountpoint mv nc netstat nice nl nohup nologin nproc nslookup od passwd paste pgrep pidof ping pipe_progress pkill pmap printenv printf ps pstree pwd readlink realpath reboot renice reset rev rm rmdir route run-parts sed seq setsid sh sha1sum sha256sum sha3sum sha512sum shred shuf sleep sort split stat strings stty su sum sync sysctl tac tail tar tee test time timeout top touch tr traceroute true truncate tty udhcpc umount uname unexpand uniq unix2dos unlink unlzma unxz unzip uptime usleep uudecode uuencode vi watch wc wget which who whoami xargs xxd xzcat yes zcat'.split(
    ' ',
  );

/** Alpine's programs that are not BusyBox applets. */
export const ALPINE_PROGRAMS: readonly string[] = [
  '/bin/busybox',
  '/sbin/apk',
  '/sbin/ldconfig',
  '/usr/bin/getconf',
  '/usr/bin/getent',
  '/usr/bin/iconv',
  '/usr/bin/ldd',
  '/usr/bin/scanelf',
  '/usr/bin/ssl_client',
];

/** Where Alpine keeps a few applets outside /bin; the rest are in /bin for the simulation. */
const APPLET_DIRS: Record<string, string> = {
  addgroup: '/usr/sbin',
  adduser: '/usr/sbin',
  chpasswd: '/usr/sbin',
  chroot: '/usr/sbin',
  crond: '/usr/sbin',
  delgroup: '/usr/sbin',
  deluser: '/usr/sbin',
  halt: '/sbin',
  ifconfig: '/sbin',
  ip: '/sbin',
  reboot: '/sbin',
  route: '/sbin',
  sysctl: '/sbin',
  udhcpc: '/sbin',
};

/** Puts a stand-in for every program of a Debian 12 image into `fs`; `sh` links to dash. */
export function installDebianPrograms(fs: FileSystem): void {
  for (const dir of ['/usr/bin', '/usr/sbin']) mkdirp(fs, dir);
  for (const path of DEBIAN_PROGRAMS) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name === 'sh') fs.set(path, symlinkEntry('dash'));
    else if (name === 'awk') fs.set(path, symlinkEntry('/etc/alternatives/awk'));
    else fs.set(path, fileEntry(programMarker(name), 0o755));
  }
  mkdirp(fs, '/etc/alternatives');
  fs.set('/etc/alternatives/awk', symlinkEntry('/usr/bin/mawk'));
}

/** Puts Alpine's programs into `fs`: BusyBox applets as links to /bin/busybox. */
export function installAlpinePrograms(fs: FileSystem): void {
  for (const dir of ['/bin', '/sbin', '/usr/bin', '/usr/sbin']) mkdirp(fs, dir);
  for (const path of ALPINE_PROGRAMS) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    fs.set(path, fileEntry(programMarker(name), 0o755));
  }
  for (const applet of BUSYBOX_APPLETS) {
    fs.set(`${APPLET_DIRS[applet] ?? '/bin'}/${applet}`, symlinkEntry('/bin/busybox'));
  }
}
