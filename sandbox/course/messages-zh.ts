/** 课程对目标与测验答案的说明（简体中文），与 `messages-en.ts` 一一对应。 */
import type { CourseMessages } from './messages-en.ts';

const code = (items: string[]) => items.map((item) => `\`${item}\``).join('、');

export const zh: CourseMessages = {
  list: (items) => items.join('、'),
  nothing: '无',

  noImage: (v) =>
    v.images.length === 0
      ? `没有标签为 \`${v.ref}\` 的镜像；\`docker images\` 还是空的`
      : `没有标签为 \`${v.ref}\` 的镜像；\`docker images\` 列出的是 ${code(v.images)}`,
  noStartCommand: (v) => `\`${v.ref}\` 没有 CMD 也没有 ENTRYPOINT，容器启动时什么也不运行`,
  startsOther: (v) => `\`${v.ref}\` 启动的是 \`${v.command}\`，不是 \`${v.program}\``,
  workdirOther: (v) =>
    v.actual === ''
      ? `\`${v.ref}\` 没有设置 WORKDIR（容器从 \`/\` 开始），而不是 \`${v.path}\``
      : `\`${v.ref}\` 的工作目录是 \`${v.actual}\`，不是 \`${v.path}\``,
  fileMissing: (v) => `\`${v.ref}\` 里没有文件 \`${v.path}\``,
  fileLacksText: (v) => `\`${v.ref}\` 里的 \`${v.path}\` 不包含“${v.text}”`,
  portNotExposed: (v) =>
    v.exposed.length === 0
      ? `\`${v.ref}\` 没有声明任何端口，缺少 ${v.port}`
      : `\`${v.ref}\` 声明的端口是 ${v.exposed.join('、')}，不是 ${v.port}`,
  volumeNotDeclared: (v) =>
    v.volumes.length === 0
      ? `\`${v.ref}\` 没有声明 VOLUME，\`${v.path}\` 不是卷`
      : `\`${v.ref}\` 声明的卷在 ${code(v.volumes)}，不是 \`${v.path}\``,
  fewLayers: (v) => `\`${v.ref}\` 在 \`${v.base}\` 之上只加了 ${v.added} 层，少于 ${v.atLeast} 层`,
  otherBase: (v) => `\`${v.ref}\` 不是基于 \`${v.base}\` 构建的：它最底下的层不是那个镜像的`,
  noContainerRunning: (v) =>
    v.running.length === 0
      ? `没有${v.what}正在运行的容器；\`docker ps\` 是空的`
      : `没有${v.what}正在运行的容器；\`docker ps\` 显示的是 ${code(v.running)}`,
  ofImage: (image) => `运行 \`${image}\` 的`,
  named: (name) => `名为 \`${name}\` 的`,
  namedOfImage: (name, image) => `名为 \`${name}\`、运行 \`${image}\` 的`,
  containerNotRunning: (v) =>
    `容器 \`${v.name}\` 没有在运行；\`docker ps -a\` 显示它的状态是“${v.status}”`,
  portNotPublished: (v) =>
    v.running.length === 0
      ? `没有容器把端口 ${v.containerPort} 发布到主机端口 ${v.hostPort}；\`docker ps\` 里没有正在运行的容器`
      : `没有容器把端口 ${v.containerPort} 发布到主机端口 ${v.hostPort}；\`docker ps\` 显示 ${v.running.join('、')}`,
  withPorts: (name, ports) =>
    ports.length === 0 ? `\`${name}\` 没有发布端口` : `\`${name}\` 发布了 ${ports.join('、')}`,
  pageUnreachable: (v) => `${v.url} 没有响应：${v.message}`,
  pageStatus: (v) => `${v.url} 返回“${v.status}”，不是 200 OK`,
  pageLacksText: (v) => `${v.url} 的页面没有显示“${v.text}”`,
  noBindMount: (v) =>
    v.mounts.length === 0
      ? `没有正在运行的容器在 \`${v.target}\` 上有绑定挂载；正在运行的容器都没有挂载`
      : `没有正在运行的容器在 \`${v.target}\` 上有绑定挂载；正在运行的容器挂载了 ${v.mounts.join('、')}`,
  bindFromElsewhere: (v) =>
    `\`${v.target}\` 上的绑定挂载来自 \`${v.source}\`，不是以 \`${v.endsWith}\` 结尾的文件夹`,
  noAnonymousVolume: (v) => `还没有匿名卷；不带 \`-v\` 运行一个声明了 \`VOLUME ${v.path}\` 的镜像`,
  volumeStillUsed: (v) =>
    `匿名卷 \`${v.volume}\` 还在被 ${code(v.users)} 使用；用 \`docker rm\` 删除那个容器`,
  volumeEmpty: (v) => `匿名卷 \`${v.volume}\` 里没有文件`,
  noNamedContainer: (v) =>
    v.names.length === 0
      ? `没有名为 \`${v.name}\` 的容器；\`docker ps -a\` 是空的`
      : `没有名为 \`${v.name}\` 的容器；\`docker ps -a\` 显示的是 ${code(v.names)}`,
  noGeneratedName: (v) =>
    v.names.length === 0
      ? '还没有容器；`docker ps -a` 是空的'
      : `每个容器的名字都是用 \`--name\` 指定的（${code(v.names)}）；不带它运行一个`,

  factNoPublished: (v) => `还没有正在运行的容器发布端口 ${v.containerPort}`,
  factNoImage: (v) => `还没有镜像 \`${v.ref}\``,
  factNoContainer: (v) => `还没有运行 \`${v.image}\` 的容器`,
  factNoVolume: '还没有匿名卷',
};
