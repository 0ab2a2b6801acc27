// zh-CN: recording strings (issue D)
export default {
  'recording.start': '录制',
  'recording.stop': '停止录制',
  'recording.indicator': '录制中 {time}',
  'recording.indicatorTitle': '本节课正在录制，停止后将自动生成回放',
  'recording.pill': '录制中',
  'recording.pillTitle': '本节课正在录制（仅录制讲师的画面、声音和屏幕共享），课后可观看回放',
  'err.230': '本节课已在录制',
  'err.231': '当前没有在录制',
  'err.232': '录制未能开始（存储失败），请重试',
};
