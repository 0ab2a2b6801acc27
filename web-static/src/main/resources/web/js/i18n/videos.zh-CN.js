// zh-CN: videos strings (issue D)
export default {
};
