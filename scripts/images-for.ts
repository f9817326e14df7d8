// Prints images/build.sh's names of the images some platforms need, one line, space-separated:
//   node scripts/images-for.ts docker:2.1.0 kubernetes:2.1.0 operator:1.20.0 [flink-upgrades]
// (`flink-upgrades`: the probe images of every version the Flink-upgrade scenarios deploy)
// (./run test builds each of its lanes' images with it; `frh validate` does the same for a suite).
import { flinkUpgradeImages } from '../harness/platforms/images-needed.ts';
import { PLATFORM_NAMES, imagesNeeded } from '../harness/platforms/registry.ts';

const names = new Set<string>();
for (const argument of process.argv.slice(2)) {
  if (argument === 'flink-upgrades') {
    for (const name of flinkUpgradeImages()) names.add(name);
    continue;
  }
  const [platform, versions] = argument.split(':');
  if (!platform || !PLATFORM_NAMES.includes(platform) || !versions) {
    process.stderr.write(`images-for: "${argument}" is not PLATFORM:VERSION[,VERSION] with a platform of ${PLATFORM_NAMES.join(', ')}, nor flink-upgrades\n`);
    process.exit(2);
  }
  for (const name of imagesNeeded(platform, versions.split(','))) names.add(name);
}
process.stdout.write(`${[...names].join(' ')}\n`);
